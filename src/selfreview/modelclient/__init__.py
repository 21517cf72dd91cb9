"""The model client: talking to an OpenAI-compatible chat server.

The chat interface (:mod:`.exchange`), the provider registry and user configuration
(:mod:`.providers`, :mod:`.config`), retries with backoff and a deadline (:mod:`.transport`),
the openai/langchain-backed client (:mod:`.openai_chat`), the response cache and replay store
(:mod:`.store`) and the wording of key and network faults (:mod:`.faults`).

It knows nothing of drafting: nothing here imports :mod:`selfreview.llm`, review, checks or
the workflow (``tests/test_import_graph.py`` checks). Nothing here is imported on the path of
``draft --help``; openai and langchain are imported only when a real model is called.
"""

"""Model-backed drafting: providers, the chat interface, the exchange store and the stages.

Nothing here is imported on the path of ``draft --help``; the openai and langchain
packages are imported only when a real model is called.
"""

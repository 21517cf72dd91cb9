"""LLM drafting: the stages, their prompts and reply schemas, structured output and the drafter.

It talks to a model only through :class:`selfreview.modelclient.exchange.ChatModel`; the
client, providers, retries and the response store live in :mod:`selfreview.modelclient`.
Nothing here is imported on the path of ``draft --help``.
"""

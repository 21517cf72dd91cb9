"""The local review page (``draft serve``): Starlette, Jinja2 and htmx, imported only there.

``app`` holds the ASGI app and its token gate, ``routes`` the handlers, ``pages`` what
the templates show. Nothing in this package writes a draft file itself: every change goes
through the review session and the workflow the CLI uses.
"""

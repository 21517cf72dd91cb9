"""The steps every front end runs (the CLI, the notebook API, next the browser page).

``options``: the run options kept in the draft file; ``chain``: the model chain for one
draft (redaction primed inside it); ``opening``: open or draft (fresh,
resume, re-draft, failed draft saved); ``revising``: regeneration from the stored options;
``building``: build with the stored layout; ``checking``: the one check-target builder.
Front ends parse their input, call these, and show the messages they return.
"""

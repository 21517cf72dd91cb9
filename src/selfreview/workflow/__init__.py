"""The steps every front end runs (the CLI, the notebook API, next the browser page).

``chain``: the model chain for one draft (redaction primed inside it); ``opening``: open
or draft (fresh, resume, re-draft, failed draft saved); ``revising``: regeneration from the
stored options; ``building``: build with the stored layout; ``checking``: the one
check-target builder. Front ends parse their input, call these, and show the messages they
return. The run options these steps read from and record in the draft file are
:mod:`selfreview.runoptions` (below the draft file, which stores them).
"""

"""selfreview: draft 对照检查材料 from raw notes, reviewed by a person, laid out to GB/T 9704.

Importing the package is cheap on purpose: heavy libraries (python-docx, jieba, model
clients) are imported only by the modules that use them.
"""

__version__ = "0.1.0"

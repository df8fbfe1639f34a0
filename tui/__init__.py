"""newsread's presentation: the command line and the Textual reader.

Imports ``newsread.core``; core never imports this package.
"""

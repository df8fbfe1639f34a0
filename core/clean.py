"""Make text from articles, pages, feeds and file names safe to show.

Article text is untrusted: a page or a file can hold terminal escape sequences
(``ESC [2J`` clears the screen, ``ESC ]0;…BEL`` retitles the window, OSC 52
writes the clipboard, OSC 8 makes links) or raw HTML that a Markdown viewer
would run. Two rules, each implemented once here:

- ``visible`` replaces every control character except tab, line feed and
  carriage return (C0, DEL and C1) with a visible stand-in *of the same length*
  (one code point for one): the Unicode control pictures for C0 and DEL
  (``ESC`` becomes ``␛``), the replacement character for C1. Offsets into a
  text therefore stay exact after cleaning. Ingest applies it to every
  article's text and metadata, and the command line to every line it prints,
  so nothing read from outside reaches a terminal as a control sequence.
- ``markdown_text`` escapes what a Markdown viewer would read as HTML or as a
  link (``<``, ``>``, ``&`` before an entity name, brackets, backticks), so a
  quoted sentence is shown as text, never rendered.
"""

from __future__ import annotations

import re

_KEEP = "\t\n\r"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls have no pictures


def visible(text: str) -> str:
    """Replace control characters (but tab, LF, CR) with visible stand-ins, one for one.

    Args:
        text: Any text.

    Returns:
        A string of the same length with no control character but ``\\t\\n\\r``.
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_picture, text)


_STAND_IN = re.compile("[\u2400-\u2421\ufffd]")


def has_stand_ins(text: str) -> bool:
    """Whether ``text`` holds a character ``visible`` may have put in place of a control."""
    return _STAND_IN.search(text) is not None


def one_line(text: str) -> str:
    """``visible`` text on one line: line breaks and tabs become spaces (for messages)."""
    return visible(text).replace("\r", " ").replace("\n", " ").replace("\t", " ")


_MARKDOWN = re.compile(r"[<>`\[\]\\]|&(?=#?\w+;)")


def markdown_text(text: str) -> str:
    """Escape text for Markdown prose: shown as written, never as HTML, code or a link.

    Args:
        text: Article text (already ``visible``).

    Returns:
        The text with ``< > &`` as entities and ``[ ] ` \\`` backslash-escaped.
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(char, "\\" + char)

    return _MARKDOWN.sub(escape, visible(text))

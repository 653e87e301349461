"""MkDocs hooks for the documentation site (see ``hooks:`` in mkdocs.yml).

The library's docstrings are written for reading in an editor and with ``help()``, in reST style:
``:class:`Goal``` roles and ``Example::`` before a code block. mkdocstrings renders them as
Markdown, which shows the role names as text; this removes them from the rendered page, and
shortens ``~therapy_goals.errors.ConflictError`` to ``ConflictError`` as Sphinx would.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj):(?=<code>)")
_TILDE = re.compile(r"<code>~(?:[\w]+\.)*([\w]+)</code>")
_LITERAL_INTRO = re.compile(r"::</p>")


def on_page_content(html: str, **kwargs: Any) -> str:
    html = _ROLE.sub("", html)
    html = _TILDE.sub(r"<code>\1</code>", html)
    return _LITERAL_INTRO.sub(":</p>", html)

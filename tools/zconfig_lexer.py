"""A Sphinx extension: Pygments highlighting for ZConfig text in ``zconfig`` blocks.

Every ``zconfig`` block on a page is also parsed with its schema by the tests
(``tests/harness.py: parse_zconfig``)."""
from pygments.lexer import RegexLexer, bygroups
from pygments.token import Comment, Name, Punctuation, String, Text


class ZConfigLexer(RegexLexer):
    """ZConfig files (zeo.conf, <zodb> sections): ``%import``/``%define``/``%include``
    directives, ``<section name>`` ... ``</section>``, and ``key value`` lines.  Every
    ``zconfig`` block on a page is also parsed by the tests."""

    name = "ZConfig"
    aliases = ["zconfig"]
    tokens = {
        "root": [
            (r"\s+", Text),
            (r"#.*?$", Comment.Single),
            (r"(%(?:import|define|include))(\s+)(.*?)$",
             bygroups(Comment.Preproc, Text, String)),
            (r"(</?)([\w.-]+)", bygroups(Punctuation, Name.Tag), "section"),
            (r"([\w.-]+)(\s*)(.*?)$", bygroups(Name.Attribute, Text, String)),
        ],
        "section": [
            (r"\s+", Text),
            (r">", Punctuation, "#pop"),
            (r"[^\s>]+", Name.Label),
        ],
    }


def setup(app):
    app.add_lexer("zconfig", ZConfigLexer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

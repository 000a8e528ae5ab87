"""Sphinx extension: the versions the book is tested against, read from the installation.

Nothing in the book types a version number by hand.  This extension provides

* substitutions for reStructuredText and MyST pages: ``|ZODB-version|``,
  ``|ZEO-version|``, ``|BTrees-version|``, ``|persistent-version|``,
  ``|transaction-version|``, ``|Python-version|`` (MyST: ``{{ZODB_version}}`` ...);
* the ``tested-versions`` directive, a table of every package that matters to a reader.
"""
import platform
from importlib.metadata import version as _dist_version

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

#: (distribution, what it is for), in the order the table shows them.
TESTED = [
    ("ZODB", "the object database"),
    ("ZEO", "client/server storage"),
    ("BTrees", "scalable persistent containers"),
    ("persistent", "the Persistent base class"),
    ("transaction", "transaction managers"),
    ("ZConfig", "configuration files"),
    ("zodbpickle", "the pickle format ZODB stores"),
    ("Sphinx", "builds this guide"),
    ("pytest", "runs every listing"),
    ("pytest-doctestplus", "collects the >>> sessions"),
]


def version(dist):
    """The installed version of a distribution, or of Python itself."""
    if dist == "Python":
        return platform.python_version()
    return _dist_version(dist)


def substitutions():
    names = ["Python", "ZODB", "ZEO", "BTrees", "persistent", "transaction"]
    return {name: version(name) for name in names}


class TestedVersions(SphinxDirective):
    """``.. tested-versions::`` renders a two-column table of package versions."""

    has_content = False

    def run(self):
        rows = [("Python", version("Python"), "the interpreter")]
        rows += [(dist, version(dist), purpose) for dist, purpose in TESTED]
        table = nodes.table(classes=["tested-versions"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (3, 2, 5):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        body = nodes.tbody()
        group += body
        head += self._row(("Package", "Version", "Role"))
        for row in rows:
            body += self._row(row)
        return [table]

    @staticmethod
    def _row(cells):
        row = nodes.row()
        for text in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=text)
            row += entry
        return row


def _config_inited(app, config):
    subs = substitutions()
    prolog = "\n".join(
        f".. |{name}-version| replace:: {value}" for name, value in subs.items()
    )
    config.rst_prolog = (config.rst_prolog or "") + "\n" + prolog + "\n"
    myst = dict(config.myst_substitutions or {})
    myst.update({f"{name}_version": value for name, value in subs.items()})
    config.myst_substitutions = myst
    extensions = list(config.myst_enable_extensions or [])
    if "substitution" not in extensions:
        extensions.append("substitution")
    config.myst_enable_extensions = extensions


def setup(app):
    app.add_directive("tested-versions", TestedVersions)
    app.connect("config-inited", _config_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

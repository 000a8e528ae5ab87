"""Sphinx extension: the BTrees modules, described by the installed BTrees package.

Nothing in these tables is typed by hand.  At build time the extension imports
:mod:`BTrees`, walks every module it provides, and reads from each one its key and value
types, the node sizes of its BTree and TreeSet classes, its extra set operations, and
the names ``BTrees.family32`` and ``BTrees.family64`` give it.  Every integer range is
then checked against the module itself (the bounds are accepted, one past them is
refused), so a table that disagrees with the package fails the build.

Two directives:

``.. btree-types::``
   one row per letter of a module name (``O``, ``I``, ``U``, ``L``, ``Q``, ``F`` ...):
   what it stands for, and its range;
``.. btree-families::``
   one row per module: key and value letters, its ``family32``/``family64`` names,
   the set operations beyond union/intersection/difference, and node sizes.

Both take an optional argument, the table's title.
"""
import importlib
import importlib.metadata
import struct

import BTrees
import BTrees.Interfaces
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

#: Set operations that only some modules have, in the order the table lists them.
EXTRA_OPERATIONS = ("multiunion", "weightedUnion", "weightedIntersection")
FAMILIES = (("family32", BTrees.family32), ("family64", BTrees.family64))


# ------------------------------------------------------------------- reading the package


def modules():
    """Every BTrees module (``BTrees.IOBTree`` ...), in the package's own order."""
    names = [name for name in BTrees.__all__ if name.startswith("BTrees.")]
    if not names:
        raise ExtensionError("btreefamilies: BTrees.__all__ names no modules")
    return [importlib.import_module(name) for name in names]


def datatypes(module):
    """The (key, value) data type objects the module's classes were built with."""
    python_class = module.BTreePy  # the pure-Python twin of module.BTree
    return python_class._to_key, python_class._to_value


def prefix(module):
    """The letters before "BTree" in the module name: "IO", "fs" ..."""
    return module.__name__.split(".")[-1][: -len("BTree")]


def letter_codes(module):
    key, value = datatypes(module)
    pair = prefix(module)
    if len(pair) == 2:
        return pair[0], pair[1]
    return key.prefix_code, value.prefix_code


def family_names():
    """{module name: ["family32.II", ...]} from the families' generic attributes."""
    generic = sorted(name for name in BTrees.Interfaces.IBTreeFamily.names()
                     if len(name) == 2 and name.isupper())
    found = {}
    for family_name, family in FAMILIES:
        for name in generic:
            module = getattr(family, name)
            found.setdefault(module.__name__, []).append(f"{family_name}.{name}")
    return found


def _bits(datatype):
    return struct.calcsize(datatype._struct_format) * 8


def integer_bounds(datatype):
    """(lowest, highest) for an integer data type, or None for any other type."""
    lower, upper = datatype.get_lower_bound(), datatype.get_upper_bound()
    if lower is None or upper is None:
        return None
    return lower, upper


def describe(datatype, as_key):
    """(what the letter stands for, its range) for one data type."""
    kind = type(datatype).__name__
    if kind in ("O", "Any"):
        meaning = "any object with a total ordering" if as_key else "any object"
        return meaning, "no fixed range"
    if hasattr(datatype, "_length"):  # fsBTree's fixed-length byte strings
        return f"bytes of length {datatype._length}", f"exactly {datatype._length} bytes"
    if kind == "F":
        return f"{_bits(datatype)}-bit float", "a C float"
    lower, upper = integer_bounds(datatype)
    sign = "signed" if lower < 0 else "unsigned"
    return f"{sign} {_bits(datatype)}-bit integer", f"{lower:,} to {upper:,}"


def check_ranges(module):
    """Fail the build unless the module's BTree accepts exactly the range described:
    both bounds go in, one past either bound is refused."""
    key, value = datatypes(module)
    for datatype, as_key in ((key, True), (value, False)):
        bounds = integer_bounds(datatype)
        if bounds is None:
            continue
        lower, upper = bounds
        for number, accepted in ((lower, True), (upper, True),
                                 (lower - 1, False), (upper + 1, False)):
            tree = module.BTree()
            try:
                if as_key:
                    tree[number] = value.getTwoExamples()[0]
                else:
                    tree[key.getTwoExamples()[0]] = number
            except TypeError:
                refused = True
            else:
                refused = False
            if refused == accepted:
                side = "key" if as_key else "value"
                verb = "refuses" if refused else "accepts"
                raise ExtensionError(f"btreefamilies: {module.__name__} {verb} {number} "
                                     f"as a {side}, unlike the range {lower}..{upper}")


def letters():
    """{letter: {"keys": meaning, "values": meaning, "range": text, "order": ...}}.

    Checks every module's integer ranges on the way (see check_ranges)."""
    table = {}
    for module in modules():
        check_ranges(module)
        key, value = datatypes(module)
        key_letter, value_letter = letter_codes(module)
        for letter, datatype, as_key in ((key_letter, key, True),
                                         (value_letter, value, False)):
            meaning, span = describe(datatype, as_key)
            row = table.setdefault(letter, {"keys": None, "values": None,
                                            "range": span})
            row["keys" if as_key else "values"] = meaning
            row["order"] = _order(datatype)
    return dict(sorted(table.items(), key=lambda item: item[1]["order"]))


def _order(datatype):
    """Objects first, then integers (narrow before wide, signed before unsigned),
    floats, and byte strings last."""
    kind = type(datatype).__name__
    if kind in ("O", "Any"):
        return (0,)
    if hasattr(datatype, "_length"):
        return (3, datatype._length)
    if kind == "F":
        return (2,)
    lower, _ = integer_bounds(datatype)
    return (1, _bits(datatype), lower >= 0)


def float_example(module):
    """What the module's BTree gives back for a stored 0.1 (a 32-bit float)."""
    tree = module.BTree()
    tree[datatypes(module)[0].getTwoExamples()[0]] = 0.1
    return next(iter(tree.values()))


def module_rows():
    families = family_names()
    rows = []
    for module in modules():
        key_letter, value_letter = letter_codes(module)
        extra = [op for op in EXTRA_OPERATIONS if hasattr(module, op)]
        for op in ("union", "intersection", "difference"):
            if not hasattr(module, op):
                raise ExtensionError(f"btreefamilies: {module.__name__} has no {op}()")
        tree_sizes = (module.BTree.max_leaf_size, module.BTree.max_internal_size)
        set_sizes = (module.TreeSet.max_leaf_size, module.TreeSet.max_internal_size)
        rows.append({
            "module": module.__name__,
            "key": key_letter,
            "value": value_letter,
            "families": families.get(module.__name__, []),
            "extra": extra,
            "leaf": tree_sizes[0] if tree_sizes[0] == set_sizes[0]
            else f"{tree_sizes[0]} (TreeSet {set_sizes[0]})",
            "internal": tree_sizes[1] if tree_sizes[1] == set_sizes[1]
            else f"{tree_sizes[1]} (TreeSet {set_sizes[1]})",
        })
    return rows


# ------------------------------------------------------------------------ the directives


def _list_table(title, widths, header, rows):
    lines = [f".. list-table:: {title}".rstrip(), "   :header-rows: 1",
             f"   :widths: {' '.join(str(w) for w in widths)}",
             "   :class: btree-table", ""]
    for row in [header, *rows]:
        first = True
        for cell in row:
            lines.append(("   * - " if first else "     - ") + (cell or " "))
            first = False
    return "\n".join(lines)


class _TableDirective(SphinxDirective):
    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True

    def title(self):
        return self.arguments[0] if self.arguments else ""

    def run(self):
        return self.parse_text_to_nodes(self.table_text())


class BTreeTypes(_TableDirective):
    """``.. btree-types::``: what each letter of a module name stands for."""

    def table_text(self):
        rows = []
        for letter, row in letters().items():
            meaning = row["keys"] or row["values"]
            if row["keys"] and row["values"] and row["keys"] != row["values"]:
                meaning = f"keys: {row['keys']}; values: {row['values']}"
            used = " and ".join(side for side in ("keys", "values") if row[side])
            span = row["range"]
            if letter == "F":
                for module in modules():
                    if letter_codes(module)[1] == "F":
                        span += f"; 0.1 is stored as {float_example(module)!r}"
                        break
            rows.append([f"``{letter}``", meaning, used, span])
        return _list_table(self.title(), (1, 4, 2, 5),
                           ["Letter", "Stands for", "In", "Range"], rows)


class BTreeFamilies(_TableDirective):
    """``.. btree-families::``: one row per module of the installed BTrees."""

    def table_text(self):
        rows = []
        for row in module_rows():
            rows.append([
                f":mod:`{row['module']}`",
                f"``{row['key']}``",
                f"``{row['value']}``",
                ", ".join(f":attr:`{name} <BTrees.Interfaces.IBTreeFamily."
                          f"{name.split('.')[1]}>`" for name in row["families"]) or "none",
                ", ".join(f":func:`~{row['module']}.{op}`" for op in row["extra"])
                or "none",
                str(row["leaf"]),
                str(row["internal"]),
            ])
        return _list_table(
            self.title(), (4, 1, 1, 5, 6, 2, 2),
            ["Module", "Keys", "Values", "Also known as", "Beyond union, intersection, "
             "difference", "``max_leaf_size``", "``max_internal_size``"], rows)


def setup(app):
    app.add_directive("btree-types", BTreeTypes)
    app.add_directive("btree-families", BTreeFamilies)
    # A different BTrees release means different tables: rebuild every page then.
    app.add_config_value("btreefamilies_btrees_version",
                         importlib.metadata.version("BTrees"), "env")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

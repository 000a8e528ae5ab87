#!/usr/bin/env python3
"""Regenerate the intersphinx inventories (objects.inv) kept in inventories/.

Each ZODB-family inventory is rebuilt from the pinned release's sdist: the
sdist's docs/ are built with ``sphinx-build -b html`` in a throwaway venv and
the resulting objects.inv is copied to <out>/<name>.inv.  Python's inventory
is copied from Debian's python3.11-doc package.  Stdlib only; needs network
access to PyPI.  See inventories/README.rst.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / 'requirements.txt'
# inventory name -> PyPI distribution; the versions come from requirements.txt
DISTRIBUTIONS = {
    'zodb': 'ZODB',
    'zeo': 'ZEO',
    'btrees': 'BTrees',
    'persistent': 'persistent',
    'transaction': 'transaction',
}


def pinned_versions(path=REQUIREMENTS):
    """{distribution: version} for every ``name==version`` line of requirements.txt."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split('#', 1)[0].strip()
        if '==' in line:
            name, version = line.split('==', 1)
            pins[name.strip()] = version.strip()
    return pins


_PINS = pinned_versions()
# inventory name -> (PyPI distribution, pinned version)
PACKAGES = {name: (dist, _PINS[dist]) for name, dist in DISTRIBUTIONS.items()}

# What the upstream docs/conf.py files need (extensions and themes).  Sphinx
# stays below 7 because ZODB's docs/requirements.txt says sphinxcontrib-zopeext
# does not work with Sphinx 7; docutils < 0.19 comes from the same file.
DOC_TOOLS = [
    'sphinx==6.2.1',
    'docutils==0.18.1',
    'repoze.sphinx.autointerface==1.1.0',  # BTrees, ZEO, persistent, transaction
    'sphinxcontrib-zopeext==0.4.4',        # ZODB
    'j1m.sphinxautozconfig==0.1.0',        # ZODB
    'furo==2025.9.25',                     # theme: BTrees, persistent
    'sphinx-rtd-theme==3.1.0',             # theme: ZODB, ZEO
]

PYTHON_INV = Path('/usr/share/doc/python3.11/html/objects.inv')
DEFAULT_OUT = Path(__file__).resolve().parent.parent / 'inventories'


def run(*cmd):
    print('+', ' '.join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True)


def unpack(sdist, dest):
    """Unpack an sdist tarball and return its single top-level directory."""
    with tarfile.open(sdist) as tar:
        if hasattr(tarfile, 'data_filter'):
            tar.extractall(dest, filter='data')
        else:
            tar.extractall(dest)
    (top,) = [p for p in dest.iterdir() if p.is_dir()]
    return top


def copy_python_inv(out):
    if PYTHON_INV.is_file():
        shutil.copyfile(PYTHON_INV, out / 'python.inv')
        print(f'python.inv <- {PYTHON_INV}')
        return True
    print(f'\n*** python.inv NOT updated: {PYTHON_INV} is missing.\n'
          '*** Install it with:  apt-get install python3.11-doc\n'
          '*** (Debian/Ubuntu), then run this script again.\n',
          file=sys.stderr)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', type=Path, default=DEFAULT_OUT,
                        help='output directory (default: %(default)s)')
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    python_ok = copy_python_inv(args.out)

    with tempfile.TemporaryDirectory(prefix='make_inventories-') as tmp:
        tmp = Path(tmp)
        venv.create(tmp / 'venv', with_pip=True)
        bindir = tmp / 'venv' / ('Scripts' if os.name == 'nt' else 'bin')
        pip = [bindir / 'python', '-m', 'pip', '--disable-pip-version-check']
        pinned = [f'{dist}=={ver}' for dist, ver in PACKAGES.values()]
        # The packages themselves are installed so autodoc can import them
        # (and so conf.py's importlib.metadata.version() lookups work).
        run(*pip, 'install', '-q', *DOC_TOOLS, *pinned)

        for name, (dist, ver) in PACKAGES.items():
            work = tmp / name
            run(*pip, 'download', '-q', '--no-deps', '--no-binary', ':all:',
                '-d', work / 'sdist', f'{dist}=={ver}')
            (sdist,) = (work / 'sdist').iterdir()
            src = unpack(sdist, work / 'src')
            # No -W: the upstream docs have warnings (including failed
            # intersphinx fetches when offline); those do not affect the
            # objects.inv.  version/release are set so every inventory
            # header records the release (BTrees/persistent leave it empty).
            run(bindir / 'sphinx-build', '-q', '-b', 'html',
                '-D', f'version={ver}', '-D', f'release={ver}',
                src / 'docs', work / 'html')
            shutil.copyfile(work / 'html' / 'objects.inv',
                            args.out / f'{name}.inv')
            print(f'{name}.inv <- {dist} {ver}', flush=True)

    print(f'done in {time.monotonic() - started:.0f} s')
    return 0 if python_ok else 1


if __name__ == '__main__':
    sys.exit(main())

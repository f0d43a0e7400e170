"""Which BLAS this PyTorch runs on. Debian's python3-torch links the system's libblas.so.3, which is the
slow reference BLAS unless an optimised one (libopenblas0-openmp, the package PyTorch recommends) is
installed: every peer row names it, since the peer's speed depends on it more than on anything else.
"""
import os


def blas_library():
    """The directory or file name of the loaded libblas (e.g. "openblas-openmp", "blas" for the reference)."""
    with open('/proc/self/maps') as maps:
        paths = {line.split()[-1] for line in maps if 'libblas' in line or 'libopenblas' in line}
    for path in sorted(paths):
        real = os.path.realpath(path)
        if 'libopenblas' in os.path.basename(real) or 'openblas' in real:
            return os.path.basename(os.path.dirname(real))
    return os.path.basename(os.path.dirname(os.path.realpath(sorted(paths)[0]))) if paths else 'unknown'

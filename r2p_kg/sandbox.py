"""A network sandbox for the query workers: the kernel refuses them every network socket.

Why: Oxigraph runs ``SERVICE`` (and ``LOAD``) itself, with its own HTTP client, on any IRI its
parser finds. A lexical scan of the query text can only approximate that parser (``1SERVICE`` is a
number then a keyword), so the scan cannot be the security boundary. The boundary is this filter:
once :func:`deny_network` has run, the process cannot create a socket of any family but ``AF_UNIX``
(its pipe to the web process already exists), nor an io_uring (which could create sockets past the
filter). Whatever text a query holds, a worker can contact no host, loopback included.

The filter is a seccomp-BPF program (Linux 3.5 and newer, x86-64 and AArch64), installed with
``PR_SET_NO_NEW_PRIVS`` so it needs no privilege and can never be lifted by the process or its
children. Allow-listed federation is done by the web process instead (:mod:`r2p_kg.federation`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys

from .errors import ConfigError

# <linux/audit.h>, <linux/seccomp.h>, <linux/filter.h>, <sys/prctl.h>
_ARCHES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}  # arch, socket, io_uring_setup
_X32_BIT = 0x40000000
_AF_UNIX = 1
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_RET_ALLOW, _RET_ERRNO, _RET_KILL = 0x7FFF0000, 0x00050000, 0x80000000
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_OFF_NR, _OFF_ARCH, _OFF_ARG0 = 0, 4, 16  # struct seccomp_data; args are little-endian u64


def _program(arch: int, nr_socket: int, nr_io_uring: int) -> bytes:
    denied = _RET_ERRNO | errno.EACCES
    code = [
        (_LD_W_ABS, 0, 0, _OFF_ARCH),
        (_JEQ_K, 1, 0, arch),            # another ABI (e.g. i386 on x86-64): kill, never allow
        (_RET_K, 0, 0, _RET_KILL),
        (_LD_W_ABS, 0, 0, _OFF_NR),
        (_JGE_K, 0, 1, _X32_BIT),        # x32 system calls on x86-64
        (_RET_K, 0, 0, denied),
        (_JEQ_K, 0, 1, nr_io_uring),
        (_RET_K, 0, 0, denied),
        (_JEQ_K, 1, 0, nr_socket),
        (_RET_K, 0, 0, _RET_ALLOW),
        (_LD_W_ABS, 0, 0, _OFF_ARG0),    # socket(domain, ...): only AF_UNIX
        (_JEQ_K, 0, 1, _AF_UNIX),
        (_RET_K, 0, 0, _RET_ALLOW),
        (_RET_K, 0, 0, denied),
    ]
    return b"".join(struct.pack("=HBBI", *insn) for insn in code)


def supported() -> bool:
    """Whether this platform can run the sandbox."""
    return sys.platform == "linux" and platform.machine() in _ARCHES


def deny_network() -> None:
    """Install the filter in this process (irrevocably); raises ConfigError where it cannot be."""
    if not supported():
        raise ConfigError(f"the query workers' network sandbox needs Linux on x86-64 or AArch64, not "
                          f"{sys.platform}/{platform.machine()}: without it the endpoint cannot "
                          "guarantee that a query makes no outbound request")
    prog = _program(*_ARCHES[platform.machine()])
    filt = ctypes.create_string_buffer(prog, len(prog))

    class _Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = _Fprog(len(prog) // 8, ctypes.addressof(filt))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        err = ctypes.get_errno()
        raise ConfigError(f"the query workers' network sandbox could not be installed: "
                          f"prctl failed with {errno.errorcode.get(err, err)} ({os.strerror(err)})")

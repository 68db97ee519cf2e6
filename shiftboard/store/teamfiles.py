"""The gate every file a team edits by hand comes through (playbook, policy, rules, replies,
phrases, config, mappings): a regular file of bounded size, in UTF-8, or one clear error.

Without it a FIFO as the playbook hung `status` forever, a directory or a GBK-encoded config
ended in a traceback on every command, and a symlink loop was silently replaced by the shipped
default. Parsing (TOML depth, finite numbers) is the domain's `problems.open_document`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from shiftboard.errors import ShiftboardError

#: A playbook or reply library is a few kB; a megabyte is a mistake (a log or an export
#: picked by accident), and reading it whole into a TOML parser would stall the app.
MAX_BYTES = 1 << 20


def present(path: Path) -> bool:
    """Is there anything at `path`? A broken link or a link loop counts, so that the team
    hears about it instead of silently getting the shipped default."""
    return os.path.lexists(path)


def read_team_text(path: Path) -> str:
    """The text of a team-edited file, or a ShiftboardError naming the file and what is wrong."""
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        if os.path.islink(path):
            raise ShiftboardError("error.broken_link", file=str(path)) from None
        raise ShiftboardError("error.no_file", file=str(path)) from None
    except IsADirectoryError:
        raise ShiftboardError("error.not_a_file", file=str(path)) from None
    except PermissionError:
        raise ShiftboardError("error.no_permission", file=str(path)) from None
    except OSError as error:
        key = "error.link_loop" if error.errno == errno.ELOOP else "error.unreadable"
        raise ShiftboardError(key, file=str(path), detail=error.strerror or str(error)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ShiftboardError("error.not_a_file", file=str(path))
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise ShiftboardError("error.unreadable", file=str(path), detail=error.strerror or str(error)) from None
    if len(data) > MAX_BYTES:
        raise ShiftboardError("error.too_large", file=str(path), limit=f"{MAX_BYTES // 1024} KiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ShiftboardError("error.not_utf8", file=str(path), line=line) from None

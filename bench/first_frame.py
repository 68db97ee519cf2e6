"""Start an app and end its process the moment its first full frame is written to the
terminal: what the dashboard bench runs under valgrind to count the instructions each app
executes until its first screen (a measure this machine's noise cannot move).

    python bench/first_frame.py bare
    python bench/first_frame.py shiftboard --data-dir DIR --now "2026-11-23 09:00" --lang zh

`shiftboard` starts as the installed command does (`shiftboard.startup.main`); the garbage
collector is paused before anything is imported, as that does first.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path


def end_after_first_frame() -> None:
    from textual._compositor import Compositor
    from textual.drivers.linux_driver import LinuxDriver

    painted = []
    render_full_update, write = Compositor.render_full_update, LinuxDriver.write

    def full(*args, **kwargs):
        painted.append(True)
        return render_full_update(*args, **kwargs)

    def write_then_end(self, data: str) -> None:
        write(self, data)
        if painted:
            os._exit(0)  # the frame is out; nothing after it is counted

    Compositor.render_full_update, LinuxDriver.write = full, write_then_end


def main() -> None:
    which, args = sys.argv[1], sys.argv[2:]
    if which == "bare":
        end_after_first_frame()
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bare_app import Bare

        Bare().run()
    else:
        gc.disable()
        end_after_first_frame()
        from shiftboard.startup import main as shiftboard

        sys.argv = ["shiftboard", *args]
        shiftboard()


if __name__ == "__main__":
    main()

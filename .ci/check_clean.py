"""Fail when `nbdev_export` or `nbdev_clean` would change files: the notebooks are the source."""
import hashlib, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

def snapshot():
    "Hash of every tracked or unignored file's content under nbs/, eegfm/ and README.md."
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "nbs", "eegfm", "README.md"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return {f: hashlib.sha1((ROOT/f).read_bytes()).hexdigest() for f in out if (ROOT/f).is_file()}

before = snapshot()
for cmd in ("nbdev_export", "nbdev_clean"):
    subprocess.run([str(BIN/cmd)], cwd=ROOT, check=True)
subprocess.run([sys.executable, "-c", "from eegfm.core import write_readme; write_readme()"], cwd=ROOT, check=True)
after = snapshot()
changed = sorted(f for f in set(before) | set(after) if before.get(f) != after.get(f))
if changed:
    sys.exit("eegfm: nbdev_export/nbdev_clean changed these files:\n  " + "\n  ".join(changed)
             + "\nThe notebooks are the source: run `make export`, review and commit the result.")
print(f"eegfm: nbdev_export and nbdev_clean leave {len(after)} files unchanged")

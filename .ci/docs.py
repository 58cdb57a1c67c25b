"""Render the docs site into _docs/: Quarto when `quarto` is on PATH, otherwise offline with smalldocs.

Both paths start with nbdev's own notebook processing (sidebar, module index, `_proc/`); nbdev's
`nbdev_docs` is avoided because without Quarto it tries to download and install it.
"""
import shutil, subprocess, sys
from pathlib import Path

def main():
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.doclinks import _build_modidx
    from nbdev.serve import proc_nbs
    cfg = get_config()
    refresh_quarto_yml(); _build_modidx(); nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    cache = Path(proc_nbs(cfg.nbs_path, n_workers=2))
    out = cfg.config_path/cfg.doc_path.name
    if shutil.which("quarto"):
        subprocess.run(["quarto", "render", "--no-cache"], cwd=cache, check=True)
        built = cache/cfg.doc_path.name
    else:
        print("eegfm docs: quarto not found, rendering offline with smalldocs")
        subprocess.run([str(Path(sys.executable).parent/"smalldocs"), "render", str(cache), "--quiet"], check=True)
        built = cache/cfg.doc_path.name
    if not (built/"index.html").exists():
        sys.exit(f"eegfm docs: rendering produced no {built/'index.html'}; see the messages above.")
    shutil.rmtree(out, ignore_errors=True); shutil.move(str(built), str(out))
    print(f"eegfm docs: site written to {out} ({sum(1 for _ in out.rglob('*.html'))} pages)")

if __name__ == "__main__":  # proc_nbs uses a process pool
    main()

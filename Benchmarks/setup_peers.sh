#!/usr/bin/env bash
# Set up the Python venv with the peer segmenters that zhtext is benchmarked against.
#
# Idempotent: creates /work/main/.venv-bench (i.e. <repo>/.venv-bench) only if missing, installs
# the pinned versions only if they are not already installed, then checks that all three import.
#
#   bash Benchmarks/setup_peers.sh            # uses python3 from PATH
#   PYTHON=python3.11 bash Benchmarks/setup_peers.sh
#
# Pinned peers (versions checked with `pip index versions NAME`):
#   jieba   0.42.1  (latest on PyPI; sdist, pure Python; built by pip, which needs setuptools --
#                    pip's build isolation fetches it, and the venv is seeded with it anyway)
#   rjieba  0.2.2   (jieba-rs binding; abi3 manylinux wheel, no Rust toolchain needed)
#   thulac  0.2.2   (latest; a pure-Python py3-none-any wheel, ~53 MB because it ships its models)
#
# THULAC notes: on Python 3.11.7 thulac 0.2.2 installs and runs unpatched -- it has no numpy
# dependency and no time.clock() call (the Python 3.8 breakage that affected old 0.1.x releases).
# It prints "Model loaded succeed" to stdout when constructed; peer_segment.py redirects that to
# stderr. So no patch is applied here. If a future Python breaks it, patch the installed copy in
# this script (never vendor it into the repo) and document the patch here.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="${VENV_BENCH:-$repo/.venv-bench}"
python="${PYTHON:-python3}"

pins=(jieba==0.42.1 rjieba==0.2.2 thulac==0.2.2)

if [[ ! -x "$venv/bin/python" ]]; then
    echo "creating venv at $venv with $("$python" --version 2>&1)"
    "$python" -m venv "$venv"
fi

vpy="$venv/bin/python"
pip=("$vpy" -m pip --disable-pip-version-check)

# Install only what is missing or at the wrong version (keeps reruns offline and fast).
missing=()
for pin in "${pins[@]}"; do
    name="${pin%%==*}"
    want="${pin##*==}"
    have="$("${pip[@]}" show "$name" 2>/dev/null | sed -n 's/^Version: //p' || true)"
    if [[ "$have" != "$want" ]]; then
        missing+=("$pin")
    fi
done

if (( ${#missing[@]} )); then
    # setuptools + wheel: jieba ships only as an sdist.
    "${pip[@]}" install -q --upgrade setuptools wheel
    echo "installing: ${missing[*]}"
    "${pip[@]}" install -q "${missing[@]}"
else
    echo "peers already installed: ${pins[*]}"
fi

# Smoke test: every peer imports and segments one sentence.
"$vpy" - <<'EOF'
import contextlib, sys
import jieba, rjieba, thulac
from importlib.metadata import version
jieba.setLogLevel(60)
s = "我爱北京天安门"
with contextlib.redirect_stdout(sys.stderr):
    th = thulac.thulac(seg_only=True)
print("jieba ", version("jieba"), list(jieba.cut(s)))
print("rjieba", version("rjieba"), rjieba.cut(s))
print("thulac", version("thulac"), th.cut(s, text=True).split())
EOF
echo "ok: $vpy"

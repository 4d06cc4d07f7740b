# Sourced by the scripts that need Python packages from PyPI (never the tool itself):
# `cached_venv NAME REQUIREMENTS` prints the path of a virtual environment with REQUIREMENTS
# installed, kept in ~/.cache/zhtext/NAME-<hash of REQUIREMENTS> (one per version of the list),
# so later runs install nothing. A run cut short leaves no .complete marker and is redone.
cached_venv() {
  local name=$1 requirements=$2
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/zhtext/$name-$(sha256sum "$requirements" | cut -c1-12)"
  if [ ! -f "$venv/.complete" ]; then
    echo "creating $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    touch "$venv/.complete"
  fi
  echo "$venv"
}

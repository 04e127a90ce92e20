#!/bin/sh
# Fetches the real scripts the import evaluation runs on (bench/import/MANIFEST.tsv) into DIR,
# outside the repository: their licences are their authors', so the project holds only the list.
#   scripts/import-corpus-fetch.sh DIR [MANIFEST]
#   MIRROR=/work/.mirror scripts/import-corpus-fetch.sh DIR   reads local git snapshots instead
#       (MIRROR/owner+name/repo, a bare git directory), at the manifest's commit when the
#       snapshot holds it and at the newest commit holding the path when it does not
# Rows whose path is a Dockerfile or a compose file were extracted by hand: the HEALTHCHECK or
# `healthcheck: test:` command as a script starting `#!/bin/sh`; the fetch says which to redo.
set -eu
dir=${1:?usage: scripts/import-corpus-fetch.sh DIR [MANIFEST]}
manifest=${2:-$(dirname "$0")/../bench/import/MANIFEST.tsv}
mkdir -p "$dir"
cp "$manifest" "$dir/MANIFEST.tsv"
tail -n +2 "$manifest" | while IFS="$(printf '\t')" read -r file repo path commit _rest; do
    ref=${commit:-HEAD}
    case "$path" in
        *Dockerfile*|*compose*.y*ml) echo "extract by hand: $file from $repo/$path" >&2; continue ;;
    esac
    if [ -n "${MIRROR:-}" ]; then
        git="$MIRROR/$(echo "$repo" | tr / +)/repo"
        [ -d "$git/.git" ] && git="$git/.git"
        if [ ! -d "$git" ]; then
            echo "not fetched: $file (no snapshot of $repo in $MIRROR)" >&2
        elif git --git-dir="$git" show "$ref:$path" > "$dir/$file" 2>/dev/null; then
            :
        else
            newest=$(git --git-dir="$git" log --all -1 --format=%H -- "$path" 2>/dev/null || true)
            if [ -n "$newest" ] && git --git-dir="$git" show "$newest:$path" > "$dir/$file" 2>/dev/null; then
                echo "newer commit: $file at $newest (the snapshot lacks $ref)" >&2
            else
                rm -f "$dir/$file"
                echo "not fetched: $file ($repo $path not in the snapshot)" >&2
            fi
        fi
        continue
    fi
    curl -fsSL --retry 2 "https://raw.githubusercontent.com/$repo/$ref/$path" -o "$dir/$file" \
        || echo "not fetched: $file ($repo $path)" >&2
done

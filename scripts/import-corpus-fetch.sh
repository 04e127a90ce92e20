#!/bin/sh
# Fetches the real scripts the import evaluation runs on (bench/import/MANIFEST.tsv) into DIR,
# outside the repository: their licences are their authors', so the project holds only the list.
#   scripts/import-corpus-fetch.sh DIR [MANIFEST]
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
        *Dockerfile*|*compose*.y*ml) echo "extract by hand: $file from $repo/$path" >&2 ;;
    esac
    curl -fsSL --retry 2 "https://raw.githubusercontent.com/$repo/$ref/$path" -o "$dir/$file" \
        || echo "not fetched: $file ($repo $path)" >&2
done

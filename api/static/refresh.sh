#!/usr/bin/env bash
# Refresh the vendored YASGUI (the SPARQL editor of /sparql) from the npm registry:
#   api/static/refresh.sh [VERSION]      (default: the version in api/static/yasgui/VERSION)
# Only the built files are kept (no source maps); the licence comes from the package's own metadata.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${1:-$(cat "$here/yasgui/VERSION")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zazuko/yasgui@$version" >/dev/null && tar xzf zazuko-yasgui-*.tgz)
package="$work/package"
license="$(node -p "require('$package/package.json').license")"
[ "$license" = "MIT" ] || { echo "@zazuko/yasgui $version is licensed $license, not MIT: check before vendoring" >&2; exit 1; }
cp "$package/build/yasgui.min.js" "$package/build/yasgui.min.css" "$here/yasgui/"
# the bundle ends with a pointer to its source map, which we do not ship
sed -i '/^\/\/# sourceMappingURL=/d' "$here/yasgui/yasgui.min.js"
sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' "$here/yasgui/yasgui.min.css"
echo "$version" > "$here/yasgui/VERSION"
node -e '
const p = require(process.argv[1]);
const who = [p.author, ...(p.contributors || []).map(c => c.name || c)].filter(Boolean).join(", ");
process.stdout.write(`${p.name} ${p.version} (${p.homepage}), by ${who}.
Licensed under the MIT licence, as its package.json states; it bundles CodeMirror and other MIT-licensed code.

MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
USE OR OTHER DEALINGS IN THE SOFTWARE.
`);' "$package/package.json" > "$here/yasgui/LICENSE"
echo "vendored @zazuko/yasgui $version into $here/yasgui"

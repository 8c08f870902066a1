#!/usr/bin/env bash
# scripts/deps.sh - checks the Debian packages svcbook needs and installs the missing ones.
#
# usage: scripts/deps.sh [build] [test] [fuzz]    (default: build)
#   build  what compiling svcbook and building a book needs
#   test   what `make check` needs on top: validators, mandoc, Chromium, Node.js and the
#          npm test tools of package.json (the Nu HTML Checker, the SARIF
#          Multitool, ajv)
#   fuzz   clang, for the libFuzzer target of `make fuzz`
#
# Everything installed already: prints nothing and exits 0 at once.
# Something missing: as root (or with password-less sudo) runs apt-get update
# and apt-get install, non-interactively; otherwise names the packages and the
# command to run, and exits 1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

build_pkgs=(gcc make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev
	libxml2-dev liblua5.4-dev libstemmer-dev libutf8proc-dev libmicrohttpd-dev docbook5-xml
	libgit2-dev libxlsxwriter-dev libhunspell-dev libzip-dev hunspell-ru hunspell-en-us hunspell-en-gb gettext)
# gettext: msgfmt compiles po/ru.po, the Russian messages (xgettext: make pot).
# hunspell-en-gb: the spelling of a book in British English (language = "en-GB").
# jing: RELAX NG validation of DocBook; libxml2-utils: xmllint; cmark-gfm:
# reference renderer; default-jre-headless: java for jing and vnu.jar;
# mandoc: man page lint; valgrind: leak checks; git, diffutils: tests;
# epubcheck: the EPUB of `build --format epub` (tests/epub); unzip: its files;
# chromium: the browser tests (tests/browser) and the PDF of print.html;
# lua5.4: the interpreter runs lua/template.lua's own link() and escape()
# against their C versions (tests/template).
test_pkgs=(jing libxml2-utils cmark-gfm default-jre-headless mandoc valgrind epubcheck unzip
	git diffutils chromium lua5.4)

want=()
npm_tools=0
[ $# -gt 0 ] || set -- build
for group in "$@"; do
	case $group in
	build) want+=("${build_pkgs[@]}") ;;
	test)
		want+=("${test_pkgs[@]}")
		# Node.js may come from elsewhere than Debian (its npm is then
		# bundled, and Debian's npm package would conflict): only ask for
		# the packages when the commands are missing.
		command -v node >/dev/null 2>&1 || want+=(nodejs)
		command -v npm >/dev/null 2>&1 || want+=(npm)
		npm_tools=1
		;;
	fuzz) want+=(clang) ;;
	*)
		echo "usage: scripts/deps.sh [build] [test] [fuzz]" >&2
		exit 2
		;;
	esac
done

# Like sudo, but only when we are not root already.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo -n "$@"
	fi
}

can_root() {
	[ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }
}

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
	# One dpkg-query for all: installed packages print "NAME ii".
	installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${want[@]}" 2>/dev/null || true)
	for p in "${want[@]}"; do
		if ! grep -qxF "$p ii " <<<"$installed"; then
			missing+=("$p")
		fi
	done
else
	echo "deps: not a Debian system (no dpkg-query); make sure the equivalents of these are installed:" >&2
	echo "  ${want[*]}" >&2
fi

if [ ${#missing[@]} -gt 0 ]; then
	cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
	if ! command -v apt-get >/dev/null 2>&1 || ! can_root; then
		echo "deps: missing Debian packages: ${missing[*]}" >&2
		echo "deps: install them as root with:" >&2
		echo "  $cmd" >&2
		exit 1
	fi
	echo "deps: installing ${missing[*]}" >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

# The npm test tools, pinned by package-lock.json, (re)installed when npm has
# not installed this lock file yet. --ignore-scripts: the vnu-jar package's
# install script would fetch a Java runtime (we use Debian's); the only other
# script, sarif-multitool-linux's, makes its binary executable: done here.
if [ "$npm_tools" -eq 1 ] && { [ ! -f "$root/node_modules/.package-lock.json" ] ||
	[ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; }; then
	echo "deps: installing the npm test tools (npm ci)" >&2
	(cd "$root" && npm ci --ignore-scripts --no-audit --no-fund >&2)
	tool=$root/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
	[ ! -f "$tool" ] || chmod u+x "$tool"
fi
exit 0

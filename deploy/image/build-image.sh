#!/usr/bin/env bash
# Builds Ladder's OCI image as a tarball, without a Docker daemon or a registry (docs/deploy.md):
#   deploy/image/build-image.sh OUTPUT.tar APP LIB.jar...
# APP is the gateway's jar or its classes directory (put in a jar), LIB.jar its runtime dependencies.
# `./ladder image` calls it with target/ladder.jar and target/lib/*.jar and writes target/ladder-image.tar.
#
# The image is distroless-like, three layers, each a gzipped tar with fixed mtimes (the same inputs give the same
# digests):
#   1. base: a JRE linked with jlink from $JAVA_HOME (the modules below only), the glibc, libstdc++ and
#      libgcc_s files that the JRE and the native libraries inside the jars need (found with ldd and copied from
#      this machine), /etc/passwd and /etc/group with the user ladder (65532), CA certificates, /tmp (1777),
#      /var/lib/ladder (the data dir, owned by ladder) and /etc/ladder/ladder.yaml (the demo config)
#   2. the dependency jars in /app/lib; 3. the gateway's jar as /app/ladder.jar
# and an OCI image layout (oci-layout, index.json, blobs/sha256/...) plus a Docker manifest.json, so that
# `docker load`, `podman load` and `skopeo copy oci-archive:...` all accept it.
#
# Environment: JAVA_HOME (a JDK 25 with jlink), LADDER_IMAGE_TAG (default ladder:latest),
# SOURCE_DATE_EPOCH (mtimes and the config's created date, default 0), LADDER_IMAGE_WORK (scratch directory,
# default OUTPUT's directory/image-build; the linked JRE is kept there and reused while the JDK and the
# module list are the same).
set -euo pipefail

if (( $# < 2 )); then
  sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
mkdir -p "$(dirname "$1")"
OUTPUT="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; APP="$2"; shift 2
LIBS=("$@")

: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"
TAG="${LADDER_IMAGE_TAG:-ladder:latest}"
EPOCH="${SOURCE_DATE_EPOCH:-0}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${LADDER_IMAGE_WORK:-$(cd "$(dirname "$OUTPUT")" && pwd)/image-build}"
UID_GID=65532

# What the gateway needs from the JDK: `jdeps --print-module-deps --ignore-missing-deps -R --multi-release 25
# --class-path 'target/lib/*' target/ladder.jar`, plus jdk.naming.dns (DNS lookups through JNDI) and
# java.security.jgss (PostgreSQL's GSS authentication), which are loaded by name. OciImageTest starts the
# gateway on this JRE.
MODULES="java.base,java.compiler,java.desktop,java.naming,java.net.http,java.sql,jdk.httpserver,jdk.jfr"
MODULES+=",jdk.management,jdk.net,jdk.unsupported,jdk.naming.dns,java.security.jgss"

# The container's JVM flags. In the entrypoint what every run needs: an exit on OutOfMemoryError (the orchestrator
# restarts a wedged process), /tmp for the native libraries that onnxruntime and sqlite-jdbc unpack, and their
# native access. In JDK_JAVA_OPTIONS (which the java launcher reads) what a deployment may want to change, since a
# flag in the entrypoint would win over any variable: the heap a share of the container's memory limit (the JVM
# reads the cgroup) and G1 giving idle heap back. Setting JDK_JAVA_OPTIONS replaces them all.
ENTRYPOINT=(/opt/java/bin/java -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dfile.encoding=UTF-8
  --enable-native-access=ALL-UNNAMED -cp "/app/ladder.jar:/app/lib/*" dev.ladder.cli.Main)
JVM_FLAGS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=10 -XX:+UseG1GC -XX:G1PeriodicGCInterval=60000"
CMD=(serve --config /etc/ladder/ladder.yaml --host 0.0.0.0 --port 4000 --data-dir /var/lib/ladder)
ENV=(PATH=/opt/java/bin:/usr/bin:/bin JAVA_HOME=/opt/java LANG=C.UTF-8 "JDK_JAVA_OPTIONS=$JVM_FLAGS")

log() { echo "build-image: $*" >&2; }

mkdir -p "$WORK"
STAGE="$WORK/stage"
rm -rf "$STAGE"
mkdir -p "$STAGE"/{base,deps,app,layout/blobs/sha256,natives}

# 1. the JRE, reused when the JDK and the modules have not changed
JRE="$WORK/jre"
JRE_KEY="$(sha256sum "$JAVA_HOME/release" | cut -c1-16) $MODULES"
if [[ ! -f "$WORK/jre.key" || "$(cat "$WORK/jre.key")" != "$JRE_KEY" ]]; then
  log "linking a JRE ($MODULES) ..."
  rm -rf "$JRE" "$WORK/jre.key"
  "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
    --compress zip-6 --output "$JRE"
  echo "$JRE_KEY" >"$WORK/jre.key"
fi
BASE="$STAGE/base"
mkdir -p "$BASE/opt"
cp -a "$JRE" "$BASE/opt/java"
# a JDK may link its cacerts to the distribution's trust store (Debian does): the image gets the file itself
find "$BASE/opt/java" -type l | while read -r link; do cp --remove-destination -L "$(readlink -f "$link")" "$link"; done

# 2. the shared libraries: those ldd names for the JRE's binaries and for the linux native libraries in the jars
# of this machine's architecture (loaded by onnxruntime, sqlite-jdbc and the tokenizers at run time)
case "$(uname -m)" in
  x86_64) ARCH=amd64; JAR_ARCH='(x86_64|x64|amd64)' ;;
  aarch64) ARCH=arm64; JAR_ARCH='(aarch64|arm64)' ;;
  *) log "unsupported machine $(uname -m)"; exit 1 ;;
esac
NATIVES="$STAGE/natives"
for jar in "${LIBS[@]}"; do
  # zip entry names are stored uncompressed: a grep skips the jars without such a library, without a JVM start
  LC_ALL=C grep -aqiE "linux[-/]${JAR_ARCH}/" "$jar" || continue
  jar_abs="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
  dir="$NATIVES/$(basename "$jar" .jar)"
  mkdir -p "$dir"
  "$JAVA_HOME/bin/jar" tf "$jar_abs" \
    | { grep -Ei "linux[^/]*/${JAR_ARCH}/.*\.so$|linux-${JAR_ARCH}/.*\.so$" | grep -vi musl || true; } \
    | while read -r entry; do ( cd "$dir" && "$JAVA_HOME/bin/jar" xf "$jar_abs" "$entry" ); done
done
# (the GUI parts of java.desktop, which a headless JVM never loads, are skipped: their X11 and ALSA libraries stay out)
{ find "$BASE/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
    | grep -Ev '/lib(awt_xawt|jawt|splashscreen|jsound)\.so$'; find "$NATIVES" -type f -name '*.so'; } \
  | while read -r elf; do ldd "$elf" 2>/dev/null || true; done \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u \
  | while read -r lib; do
      [[ "$lib" == "$BASE"* || "$lib" == "$NATIVES"* || "$lib" == "$JRE"* ]] && continue
      mkdir -p "$BASE$(dirname "$lib")"
      cp -L "$lib" "$BASE$lib"
    done

# 3. the files a process expects: users, name resolution, CA certificates, /tmp and the data dir
mkdir -p "$BASE/etc/ladder" "$BASE/etc/ssl/certs" "$BASE/tmp" "$BASE/var/lib/ladder" "$BASE/home/ladder"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nladder:x:%s:%s:ladder:/home/ladder:/sbin/nologin\n' \
  "$UID_GID" "$UID_GID" >"$BASE/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\nladder:x:%s:\n' "$UID_GID" >"$BASE/etc/group"
printf 'hosts: files dns\n' >"$BASE/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$BASE/etc/hosts"
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
  cp -L /etc/ssl/certs/ca-certificates.crt "$BASE/etc/ssl/certs/ca-certificates.crt"
fi
cp "$SCRIPT_DIR/../../src/main/resources/dev/ladder/demo.yaml" "$BASE/etc/ladder/ladder.yaml"

# 4. the application
mkdir -p "$STAGE/deps/app/lib" "$STAGE/app/app"
for jar in "${LIBS[@]}"; do cp "$jar" "$STAGE/deps/app/lib/"; done
if [[ -d "$APP" ]]; then
  "$JAVA_HOME/bin/jar" --create --date="$(date -u -d "@$(( EPOCH < 315619200 ? 315619200 : EPOCH ))" +%Y-%m-%dT%H:%M:%SZ)" \
    --file "$STAGE/app/app/ladder.jar" --main-class dev.ladder.cli.Main -C "$APP" .
else
  cp "$APP" "$STAGE/app/app/ladder.jar"
fi

# the layers: fixed mtimes, owners and modes, sorted names, gzip without a name or time stamp
TAR_OPTS=(--sort=name --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime
  --mtime="@$EPOCH" --numeric-owner)
chmod -R u+rwX,go+rX,go-w "$STAGE/base" "$STAGE/deps" "$STAGE/app"
LAYERS=() DIFF_IDS=() SIZES=()
add_layer() {  # $1 = uncompressed tar, $2 = gzip level; adds it as a gzipped blob
  local tar="$1" diff digest
  diff="$(sha256sum "$tar" | cut -d' ' -f1)"
  gzip -n "-$2" -c "$tar" >"$tar.gz"
  digest="$(sha256sum "$tar.gz" | cut -d' ' -f1)"
  mv "$tar.gz" "$STAGE/layout/blobs/sha256/$digest"
  rm -f "$tar"
  LAYERS+=("$digest"); DIFF_IDS+=("$diff"); SIZES+=("$(stat -c %s "$STAGE/layout/blobs/sha256/$digest")")
}
( cd "$BASE" && find . -mindepth 1 -printf '%P\n' | grep -Ev '^(tmp|var/lib/ladder|home/ladder)(/|$)' \
    | tar "${TAR_OPTS[@]}" --owner=0 --group=0 --no-recursion -cf "$STAGE/base.tar" --files-from=- )
( cd "$BASE" && tar "${TAR_OPTS[@]}" --owner=0 --group=0 --mode=1777 --no-recursion -rf "$STAGE/base.tar" tmp \
  && tar "${TAR_OPTS[@]}" --owner="$UID_GID" --group="$UID_GID" --mode=0750 --no-recursion -rf "$STAGE/base.tar" \
       home/ladder var/lib/ladder )
add_layer "$STAGE/base.tar" 6
( cd "$STAGE/deps" && tar "${TAR_OPTS[@]}" --owner=0 --group=0 -cf "$STAGE/deps.tar" app )
add_layer "$STAGE/deps.tar" 1  # jars are compressed already: level 1 saves time, not bytes
( cd "$STAGE/app" && tar "${TAR_OPTS[@]}" --owner=0 --group=0 -cf "$STAGE/app.tar" app )
add_layer "$STAGE/app.tar" 6

json_array() {  # the arguments as a JSON array of strings (none of them needs escaping beyond quotes)
  local out="" s
  for s in "$@"; do out+="${out:+,}\"${s//\"/\\\"}\""; done
  printf '[%s]' "$out"
}
diff_ids=(); for d in "${DIFF_IDS[@]}"; do diff_ids+=("sha256:$d"); done
CREATED="$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
VERSION="${TAG##*:}"
CONFIG="$STAGE/config.json"
printf '{"architecture":"%s","os":"linux","created":"%s","config":{"User":"%s:%s","ExposedPorts":{"4000/tcp":{}},"Env":%s,"Entrypoint":%s,"Cmd":%s,"WorkingDir":"/app","Volumes":{"/var/lib/ladder":{}},"Labels":{"org.opencontainers.image.title":"ladder","org.opencontainers.image.version":"%s","org.opencontainers.image.description":"Ladder, a cost-aware LLM gateway"}},"rootfs":{"type":"layers","diff_ids":%s},"history":[{"created":"%s","created_by":"build-image.sh: JRE, native libraries, /etc"},{"created":"%s","created_by":"build-image.sh: dependencies"},{"created":"%s","created_by":"build-image.sh: ladder.jar"}]}' \
  "$ARCH" "$CREATED" "$UID_GID" "$UID_GID" "$(json_array "${ENV[@]}")" "$(json_array "${ENTRYPOINT[@]}")" \
  "$(json_array "${CMD[@]}")" "$VERSION" "$(json_array "${diff_ids[@]}")" "$CREATED" "$CREATED" "$CREATED" >"$CONFIG"
CONFIG_DIGEST="$(sha256sum "$CONFIG" | cut -d' ' -f1)"
CONFIG_SIZE="$(stat -c %s "$CONFIG")"
mv "$CONFIG" "$STAGE/layout/blobs/sha256/$CONFIG_DIGEST"

layers_json=""
for i in "${!LAYERS[@]}"; do
  layers_json+="${layers_json:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:${LAYERS[$i]}\",\"size\":${SIZES[$i]}}"
done
MANIFEST="$STAGE/manifest.oci.json"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
  "$CONFIG_DIGEST" "$CONFIG_SIZE" "$layers_json" >"$MANIFEST"
MANIFEST_DIGEST="$(sha256sum "$MANIFEST" | cut -d' ' -f1)"
MANIFEST_SIZE="$(stat -c %s "$MANIFEST")"
mv "$MANIFEST" "$STAGE/layout/blobs/sha256/$MANIFEST_DIGEST"

printf '{"imageLayoutVersion":"1.0.0"}' >"$STAGE/layout/oci-layout"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"%s","os":"linux"},"annotations":{"org.opencontainers.image.ref.name":"%s","io.containerd.image.name":"%s"}}]}' \
  "$MANIFEST_DIGEST" "$MANIFEST_SIZE" "$ARCH" "$VERSION" "$TAG" >"$STAGE/layout/index.json"
docker_layers=""; for d in "${LAYERS[@]}"; do docker_layers+="${docker_layers:+,}\"blobs/sha256/$d\""; done
printf '[{"Config":"blobs/sha256/%s","RepoTags":["%s"],"Layers":[%s]}]' "$CONFIG_DIGEST" "$TAG" "$docker_layers" \
  >"$STAGE/layout/manifest.json"

mkdir -p "$(dirname "$OUTPUT")"
( cd "$STAGE/layout" && tar "${TAR_OPTS[@]}" --owner=0 --group=0 --mode=u+rw,go+r -cf "$OUTPUT.partial" \
    oci-layout index.json manifest.json blobs )
mv "$OUTPUT.partial" "$OUTPUT"
rm -rf "$STAGE"
log "wrote $OUTPUT ($TAG, manifest sha256:$MANIFEST_DIGEST, $(( $(stat -c %s "$OUTPUT") / 1048576 )) MiB)"

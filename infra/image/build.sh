#!/usr/bin/env bash
# Builds the gateway's container image from local material only: nothing is pulled from a registry.
#
#   infra/image/build.sh [gateway.jar] [image tag]      (defaults: gateway-app/target/gateway.jar, demoz/gateway:dev)
#
# The root filesystem is assembled here and handed to `docker import`:
#   /opt/java        a jlink runtime of the JDK running this script, with its CDS archive of the JDK's classes
#   /lib*, /usr/lib* the shared libraries `ldd` names for that runtime (glibc, zlib), nothing else: no shell
#   /etc/passwd      root and the user `gateway` (uid/gid 10001) the image runs as
#   /app/gateway.jar the production jar; /app/proto/*.proto the gRPC contract, for reference
# The JVM flags live in JDK_JAVA_OPTIONS so a pod can replace them without rebuilding (docs/deploy.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

jar=${1:-gateway-app/target/gateway.jar}
tag=${2:-demoz/gateway:dev}
[ -f "$jar" ] || { echo "build.sh: $jar is missing; run ./mvnw -B -pl gateway-app -am package first" >&2; exit 2; }
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# Modules the jar needs (from `jdeps --print-module-deps` on the shaded jar, which also names
# jdk.httpserver, used only by the sandbox bank of `demo`, and jdk.jfr, used by no binder we register),
# plus jdk.crypto.ec (TLS to the bank with EC certificates) and jdk.naming.dns (gRPC's DNS resolver).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported

work=$(mktemp -d)
trainer=gateway-cds-training-$$
trap 'docker rm -f "$trainer" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
root=$work/root

# The runtime is cached by JDK version and module list: jlink takes ~15 s, the rest of the build ~2 s.
cache=${GATEWAY_IMAGE_CACHE:-target/image-cache}
key=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.runtime.version = //p' | tr -dc '0-9A-Za-z.+-')-$(echo "$modules" | cksum | cut -d' ' -f1)
if [ ! -x "$cache/runtime-$key/bin/java" ]; then
  rm -rf "$cache" && mkdir -p "$cache"
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --generate-cds-archive --output "$cache/runtime-$key"
fi

mkdir -p "$root/opt" "$root/app/proto" "$root/etc" "$root/tmp"
cp -a "$cache/runtime-$key" "$root/opt/java"
# Debian's JDK links cacerts to /etc/ssl/certs/java/cacerts: the image gets the file itself.
cp --remove-destination -L "$java_home/lib/security/cacerts" "$root/opt/java/lib/security/cacerts"
chmod 1777 "$root/tmp"

# Every shared library the runtime's executables and libraries load, at the same path.
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*' | sort -u | while read -r lib; do
      if [ -e "$lib" ]; then cp --parents -L "$lib" "$root"; fi
    done
# The dynamic loader is named by absolute path inside each executable.
for loader in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
  if [ -e "$loader" ]; then cp --parents -L "$loader" "$root"; fi
done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
gateway:x:10001:10001:demoz gateway:/app:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
gateway:x:10001:
nogroup:x:65534:
GROUP
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"

cp "$jar" "$root/app/gateway.jar"
(cd proto/src/main/proto && find . -name '*.proto' -exec cp --parents {} "$root/app/proto/" \;)

# The flags of gateway-app/jvm.options, the same ./gateway runs with (reasons in docs/performance.md), but
# with the heap sized from the container's memory limit instead of a fixed -Xmx: 25% is 48 MiB at the
# Deployment's 192 MiB, the same heap as jvm.options. And no hsperfdata file (the root filesystem may be
# read-only). Reasons in docs/deploy.md.
jvm_flags="$(grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' -e '^-Xmx' gateway-app/jvm.options | tr '\n' ' ')"
jvm_flags="${jvm_flags}-XX:MaxRAMPercentage=25 -XX:-UsePerfData"

import_root() { # <JDK_JAVA_OPTIONS>
  tar --numeric-owner --owner=0 --group=0 -C "$root" -cf - . \
    | docker import \
        --change 'USER 10001:10001' \
        --change 'WORKDIR /app' \
        --change "ENV JDK_JAVA_OPTIONS=\"$1\"" \
        --change 'ENV PATH=/opt/java/bin' \
        --change 'EXPOSE 50052 50053 9090' \
        --change 'ENTRYPOINT ["/opt/java/bin/java", "-jar", "/app/gateway.jar"]' \
        --change 'CMD ["serve"]' \
        --message "demoz gateway from $(basename "$jar")" \
        - "$tag" >/dev/null
}
import_root "$jvm_flags"

# AppCDS: `migrate`, then a training run of `serve` in the image just built (the archive is valid only for
# this runtime and this jar at this path) against an empty database, stopped with SIGTERM once it serves; the
# JVM then writes the classes it loaded to /app/gateway.jsa, which later starts map instead of loading (about
# 35% faster to /readyz, docs/deploy.md). Needs a database the build may migrate; without one the image has no
# AppCDS.
training_db=${GATEWAY_IMAGE_TRAINING_DATABASE_URL:-}
appcds=no
if [ -n "$training_db" ]; then
  mkdir -m 0777 "$work/cds"
  training_env=(-e "GATEWAY_DATABASE_URL=$training_db" -e GATEWAY_DASHEN_BASE_URL=http://127.0.0.1:9/
    -e GATEWAY_DASHEN_ALLOW_INSECURE_HTTP=true -e GATEWAY_DASHEN_SIGNING_KEY=whsec_dHJhaW5pbmctb25seS1rZXktbm90LWEtc2VjcmV0LTAx
    -e GATEWAY_GRPC_PORT=0 -e GATEWAY_WEBHOOK_PORT=0 -e GATEWAY_ADMIN_PORT=0)
  # The schema first, as a deployment applies it before serving: a training serve that migrated would also
  # archive Flyway's classes, which a serve on a current schema never loads (~3.5 MB more archive, and the
  # archive is resident whole in every pod: docs/performance.md, "Phase 5").
  if ! docker run --rm --network host --read-only --tmpfs /tmp -e "JDK_JAVA_OPTIONS=$jvm_flags" "${training_env[@]}" \
      "$tag" migrate >"$work/migrate.log" 2>&1; then
    tail -n 5 "$work/migrate.log" >&2
    echo "build.sh: the AppCDS training database could not be migrated (output above)" >&2
    exit 1
  fi
  docker run -d --name "$trainer" --network host --read-only --tmpfs /tmp -v "$work/cds:/cds" \
    -e "JDK_JAVA_OPTIONS=$jvm_flags -XX:ArchiveClassesAtExit=/cds/gateway.jsa" "${training_env[@]}" \
    "$tag" serve >/dev/null
  started=""
  for _ in $(seq 1 300); do
    if docker logs "$trainer" 2>/dev/null | grep -q '"msg":"gateway started"'; then started=yes; break; fi
    [ "$(docker inspect --format '{{.State.Running}}' "$trainer")" = true ] || break
    sleep 0.2
  done
  admin_port=$(docker logs "$trainer" 2>/dev/null | grep -o '"admin_port":[0-9]*' | head -n 1 | cut -d: -f2)
  if [ -n "$started" ] && command -v curl >/dev/null 2>&1; then
    for path in /healthz /readyz /metrics; do curl -s -o /dev/null "http://127.0.0.1:$admin_port$path" || true; done
  fi
  docker stop -t 60 "$trainer" >/dev/null
  if [ -z "$started" ] || [ ! -s "$work/cds/gateway.jsa" ]; then
    docker logs "$trainer" 2>&1 | tail -n 5 >&2
    docker rm "$trainer" >/dev/null
    echo "build.sh: the AppCDS training run failed (output above)" >&2
    exit 1
  fi
  docker rm "$trainer" >/dev/null
  cp "$work/cds/gateway.jsa" "$root/app/gateway.jsa"
  jvm_flags="$jvm_flags -XX:SharedArchiveFile=/app/gateway.jsa"
  import_root "$jvm_flags"
  appcds=yes
fi
echo "built $tag ($(docker image inspect --format '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}'), AppCDS: $appcds)"

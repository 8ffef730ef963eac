#!/usr/bin/env bash
# Makes TorchSharp's native wrapper load on distributions whose libstdc++ predates GCC 13
# (Debian 12). Patches the copy in a build output folder, never the NuGet cache.
# Idempotent: does nothing where the library already loads. See README, "TorchSharp on Debian 12".
set -euo pipefail
out_dir=${1:?usage: patch-native.sh OUTPUT_DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
native="$out_dir/runtimes/linux-x64/native"
lib="$native/libLibTorchSharp.so"
[ -f "$lib" ] || exit 0
missing_version='GLIBCXX_3.4.32'
ldd "$lib" 2>&1 | grep -q "$missing_version' not found" || exit 0

for tool in gcc patchelf python3; do
  command -v "$tool" >/dev/null || {
    echo "error: TorchSharp needs patching on this system and '$tool' is missing: sudo apt-get install -y $tool" >&2
    exit 1
  }
done

gcc -shared -fPIC -O2 -o "$native/libglibcxx-compat.so" "$here/glibcxx_compat.c"
patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$lib"
patchelf --add-needed libglibcxx-compat.so "$lib"
patchelf --set-rpath '$ORIGIN' "$lib"
python3 "$here/drop_version_need.py" "$lib" "$missing_version" >/dev/null
# A failed earlier start leaves a consolidated copy of the unpatched natives here.
rm -rf "$out_dir/cpu"

if ldd "$lib" 2>&1 | grep -q "$missing_version' not found"; then
  echo "error: patching $lib did not remove its need for $missing_version" >&2
  exit 1
fi
echo "patched TorchSharp native wrapper in $native"

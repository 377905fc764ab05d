#!/usr/bin/env bash
# Builds bench/gpu/kit/ on a machine WITH this repo's node_modules (npm ci done), for a GPU
# machine that has nothing but an NVIDIA driver: one bundled script, Dawn's Node binding, a
# compressed Node binary and the Vulkan loader. About 35 MiB; see README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT=bench/gpu/kit
rm -rf "$KIT" && mkdir -p "$KIT/node_modules/webgpu/dist/linux-x64" "$KIT/lib"

# 1. The benchmark and everything it imports (tfjs, the model, t5lab's kernels) in one ES module.
#    `webgpu` stays outside: it is loaded at run time next to the bundle (kit/node_modules).
npx esbuild bench/gpu/gpuBench.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" \
  --outfile="$KIT/gpu-bench.mjs"

# 2. Dawn's Node binding, linux-x64 only (the package ships every platform: 130 MB).
W=node_modules/webgpu
cp "$W/package.json" "$W/index.js" "$W/LICENSE.md" "$KIT/node_modules/webgpu/"
cp "$W/dist/linux-x64/dawn.node" "$KIT/node_modules/webgpu/dist/linux-x64/"
xz -T0 -9 -k "$KIT/node_modules/webgpu/dist/linux-x64/dawn.node" && rm "$KIT/node_modules/webgpu/dist/linux-x64/dawn.node"

# 3. This machine's Node binary, compressed (run.sh unpacks it; any Node ≥ 20 on the GPU machine is used instead).
xz -T0 -9 -c "$(command -v node)" > "$KIT/node.xz"
node --version > "$KIT/node.version"

# 4. The Vulkan loader (Debian's libvulkan1; the NVIDIA driver provides the Vulkan driver itself).
DEB_DIR=$(mktemp -d)
(cd "$DEB_DIR" && apt-get download libvulkan1 >/dev/null)
dpkg -x "$DEB_DIR"/libvulkan1_*.deb "$DEB_DIR/x"
cp -L "$DEB_DIR"/x/usr/lib/x86_64-linux-gnu/libvulkan.so.1 "$KIT/lib/"
rm -rf "$DEB_DIR"

du -sh "$KIT"
echo "kit ready: carry bench/gpu/kit to the GPU machine and run bash bench/gpu/run.sh there"

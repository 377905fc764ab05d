#!/usr/bin/env bash
# GPU benchmark rows on a machine with an NVIDIA GPU and nothing else installed (see README.md).
# Needs bench/gpu/kit/ (made by prepare-kit.sh) or, instead, node ≥ 20 and this repo's node_modules.
# Appends a dated table to bench/RESULTS.md; with $OUT set (the device runner) also copies it there.
# Usage: bash bench/gpu/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
KIT=$PWD/bench/gpu/kit
say() { echo "[gpu run] $*" >&2; }

# 1. Node: the kit's (unpacked once), else one on PATH (≥ 20).
NODE=""
if [ -f "$KIT/node.xz" ]; then
  if [ ! -x "$KIT/node" ]; then
    if command -v xz >/dev/null; then xz -dc "$KIT/node.xz" > "$KIT/node.part"
    else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$KIT/node.xz" "$KIT/node.part"; fi
    chmod +x "$KIT/node.part" && mv "$KIT/node.part" "$KIT/node"
  fi
  NODE=$KIT/node
elif command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; then
  NODE=$(command -v node)
else
  say "no Node: run bench/gpu/prepare-kit.sh where the repo is installed, or install Node ≥ 20 (https://nodejs.org/dist/v20.20.2/node-v20.20.2-linux-x64.tar.xz)"
  exit 1
fi
say "node $("$NODE" --version)"

# 2. Dawn's binding: the kit's (unpacked once) or node_modules/webgpu.
DAWN=$KIT/node_modules/webgpu/dist/linux-x64
if [ -f "$DAWN/dawn.node.xz" ] && [ ! -f "$DAWN/dawn.node" ]; then
  if command -v xz >/dev/null; then xz -dk "$DAWN/dawn.node.xz"
  else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$DAWN/dawn.node.xz" "$DAWN/dawn.node"; fi
fi

# 3. Vulkan: the loader (system's, else the kit's) and NVIDIA's Vulkan driver (its ICD file).
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; then
  export LD_LIBRARY_PATH="$KIT/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  say "Vulkan loader: $KIT/lib/libvulkan.so.1"
fi
if [ -z "${VK_ICD_FILENAMES:-}" ] && ! ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json >/dev/null 2>&1; then
  # Containers often mount the driver's libraries without its ICD manifest: write one.
  GLX=$(ldconfig -p 2>/dev/null | awk '/libGLX_nvidia\.so\.0/ {print $NF; exit}')
  if [ -n "$GLX" ]; then
    mkdir -p "$KIT/icd"
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3"}}\n' "$GLX" > "$KIT/icd/nvidia_icd.json"
    export VK_ICD_FILENAMES="$KIT/icd/nvidia_icd.json"
    say "Vulkan driver: $GLX (ICD manifest written to $VK_ICD_FILENAMES)"
  else
    say "warning: no NVIDIA Vulkan driver found (no nvidia_icd.json, no libGLX_nvidia.so.0). In a container it needs NVIDIA_DRIVER_CAPABILITIES to include graphics (e.g. all)."
  fi
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true
GPU=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1 || true)
MACHINE="${GPU:+$GPU, driver }$(nproc) CPUs"

# 4. The benchmark: bundled (kit) or from source (tsx, node_modules).
if [ -f "$KIT/gpu-bench.mjs" ]; then
  CMD=("$NODE" "$KIT/gpu-bench.mjs")
else
  CMD=("$NODE" --import tsx bench/gpu/gpuBench.ts)
fi
RESULTS=bench/RESULTS.md
"${CMD[@]}" --results "$RESULTS" --machine "$MACHINE" "$@" | tee bench/gpu/last-run.md
if [ -n "${OUT:-}" ]; then cp bench/gpu/last-run.md "$RESULTS" "$OUT/"; fi

#!/usr/bin/env bash
# Rebuilds static/vendor/echarts/echarts-5.6.0.custom.min.js from the pinned
# packages in package-lock.json (npm ci: exactly those versions).
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
out=../../static/vendor/echarts/echarts-5.6.0.custom.min.js
npx esbuild entry.js --bundle --minify --format=iife --target=es2015 --legal-comments=none --outfile="$out"
ls -l "$out"

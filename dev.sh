#!/usr/bin/env bash
# 绩效看板 one-stop entry: installs what is missing (uv, then the locked dependencies) and runs a task.
#   ./dev.sh demo   加载示例数据并启动看板（http://localhost:8501）
#   ./dev.sh test   运行全部测试
#   ./dev.sh lint   ruff 检查
#   ./dev.sh sample 重新生成示例工作簿（开发工具 samplegen）
#   ./dev.sh jixiao …  任意 jixiao 子命令
set -euo pipefail
cd "$(dirname "$0")"
export UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy

find_uv() {
  if command -v uv >/dev/null 2>&1; then command -v uv; return; fi
  if [ ! -x .tools/bin/uv ]; then
    echo "首次运行：安装 uv 到 .tools/ …" >&2
    python3 -m venv .tools >/dev/null 2>&1 || { rm -rf .tools; python3 -m pip install --quiet --target .tools/lib uv; }
    if [ -x .tools/bin/pip ]; then .tools/bin/pip install --quiet "uv>=0.9,<1"; fi
  fi
  if [ -x .tools/bin/uv ]; then echo .tools/bin/uv; else echo ".tools/lib/bin/uv"; fi
}

UV=$(find_uv)
"$UV" sync --frozen --quiet

task=${1:-demo}
shift || true
case "$task" in
  demo)   exec "$UV" run --frozen jixiao demo "$@" ;;
  test)   exec "$UV" run --frozen pytest "$@" ;;
  sample) exec "$UV" run --frozen python -m samplegen "$@" ;;
  lint)   "$UV" run --frozen ruff check . && exec "$UV" run --frozen ruff format --check . ;;
  jixiao) exec "$UV" run --frozen jixiao "$@" ;;
  *)      echo "用法：./dev.sh demo|test|lint|sample|jixiao …" >&2; exit 2 ;;
esac

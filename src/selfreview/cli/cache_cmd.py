"""``draft cache``: where the model exchanges are cached, how much, and ``clear`` to empty it."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="cache",
    help=(
        "本机缓存的模型交互：不加子命令时显示缓存目录、文件数和大小；clear 清空。\n\n"
        "示例：\n\n"
        "  draft cache\n\n"
        "  draft cache clear"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
)


@app.callback()
def show(ctx: typer.Context) -> None:
    """显示缓存目录、文件数和大小。"""
    if ctx.invoked_subcommand is not None:
        return
    from selfreview.modelclient.config import cache_dir

    folder = cache_dir()
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    size = sum(path.stat().st_size for path in files)
    typer.echo(f"缓存目录：{folder}{'' if folder.is_dir() else '（尚未创建）'}")
    typer.echo(f"缓存文件：{len(files)} 个，共 {_size(size)}")
    if files:
        typer.echo("清空缓存：draft cache clear")


@app.command()
def clear() -> None:
    """清空缓存：删除缓存目录中全部模型交互记录（下次起草会重新调用模型）。"""
    from selfreview.errors import SelfReviewError
    from selfreview.modelclient.config import cache_dir

    folder = cache_dir()
    count = 0
    try:
        if folder.is_dir():
            # Only what the cache writes (exchanges, temp files of an interrupted write):
            # $SELFREVIEW_CACHE_DIR may point at a folder that holds other files too.
            for path in [*folder.glob("*.json"), *folder.glob(".*.json.*.tmp")]:
                path.unlink()
                count += 1
            if not any(folder.iterdir()):
                folder.rmdir()
    except OSError as exc:
        raise SelfReviewError(f"无法清空缓存（{exc.strerror or exc}）", path=folder) from None
    typer.echo(f"已清空缓存：删除 {count} 个文件（{folder}）")


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"

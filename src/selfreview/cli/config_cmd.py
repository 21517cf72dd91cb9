"""``draft config``: the resolved model settings, with every key masked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from selfreview.modelclient.providers import ResolvedProvider
    from selfreview.pipeline import ModelOptions


def config(
    provider: Annotated[
        str, typer.Option(help="要查看的模型服务；auto 为 --provider 省略时实际使用的服务。")
    ] = "auto",
    model: Annotated[str | None, typer.Option(help="模型名称（同 draft --model）。")] = None,
    base_url: Annotated[str | None, typer.Option(help="接口地址（同 draft --base-url）。")] = None,
) -> None:
    """显示模型设置：配置文件、缓存目录、各模型服务的地址、默认模型和 API key 来源。

    API key 只显示前 3 位和后 4 位。设置的优先顺序：命令行选项 > 配置文件 > 内置默认值；
    API key 先读该服务的环境变量（如 DEEPSEEK_API_KEY），再读配置文件中的 api_key。

    示例：

      draft config

      draft config --provider qwen --model qwen-max
    """
    from selfreview.modelclient.config import cache_dir
    from selfreview.modelclient.providers import (
        OFFLINE,
        find_api_key,
        mask_key,
        provider_names,
        resolve_provider,
    )
    from selfreview.pipeline import ModelOptions, resolve_model
    from selfreview.places import config_path

    options = ModelOptions(provider=provider, model=model, base_url=base_url)
    user_config = options.user_config()
    path = config_path()
    typer.echo(f"配置文件：{path}{'' if path.exists() else '（不存在，使用内置默认值）'}")
    typer.echo(f"缓存目录：{cache_dir()}")
    chosen = resolve_model(options)
    if chosen is None:
        typer.echo(f"当前使用：{OFFLINE}（离线规则起草，不联网）")
    else:
        found = find_api_key(chosen)
        if found is not None:
            key = f"{mask_key(found.value)}（取自{found.origin}）"
        elif not chosen.spec.needs_key:
            key = "不需要"
        else:
            key = f"未设置（请设置环境变量 {chosen.spec.key_env}）"
        place = "本机" if chosen.is_local else "远程"
        typer.echo(
            f"当前使用：{chosen.name}（{chosen.spec.label}）模型 {chosen.model}，"
            f"{chosen.base_url}（{place}），结构化输出 {chosen.spec.output.value}，API key {key}"
        )
    typer.echo(redaction_line(options, chosen))
    typer.echo("")
    typer.echo("可用的模型服务：")
    for name in provider_names(user_config):
        if name == OFFLINE:
            typer.echo(f"  {OFFLINE:<9} 离线规则起草，不需要模型和网络")
            continue
        entry = resolve_provider(name, user_config)
        found = find_api_key(entry)
        if found is not None:
            status = f"key {mask_key(found.value)}{'' if found.from_env else '，取自配置文件'}"
        elif not entry.spec.needs_key:
            status = "不需要 key"
        else:
            status = "key 未设置"
        typer.echo(
            f"  {name:<9} {entry.model:<26} {entry.base_url}  "
            f"[{entry.spec.key_env}：{status}]  {entry.spec.label}"
        )


def redaction_line(options: ModelOptions, chosen: ResolvedProvider | None) -> str:
    """Whether a draft with ``options`` replaces personal data before sending, and why.

    Whether is :meth:`ModelOptions.redacts`'s answer; this only words it.
    """
    if chosen is None:
        return "发送前替换个人信息：不涉及（离线起草，不发送给任何服务）"
    answer = "是" if options.redacts(chosen) else "否"
    if options.redact is not None:
        reason = "按 --redact" if options.redact else "按 --no-redact"
    else:
        reason = "本机服务" if chosen.is_local else "本机以外的服务"
    return f"发送前替换个人信息：{answer}（{reason}）"

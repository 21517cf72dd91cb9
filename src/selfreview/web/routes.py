"""The page's request handlers: start page, notes, drafting, review actions, build."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from selfreview.errors import Forbidden, SelfReviewError
from selfreview.web.app import DRAFT_SUFFIX, Workspace, download_response, query

if TYPE_CHECKING:
    from starlette.templating import Jinja2Templates

    from selfreview.draftfile import DraftFile
    from selfreview.review.session import ReviewSession

NOTES_SUFFIXES = (".txt", ".md", ".docx")


class Handlers:
    """Request handlers bound to one workspace and its templates."""

    def __init__(self, workspace: Workspace, templates: Jinja2Templates) -> None:
        self.ws = workspace
        self.templates = templates

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        """Render template ``name`` with the token for the forms."""
        context.update(token=self.ws.token, folder=str(self.ws.folder))
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    async def failed(self, request: Request, exc: Exception) -> Response:
        """A one-line Chinese error on a page of its own."""
        status = 403 if isinstance(exc, Forbidden) else 400
        return self.page(request, "error.html", status, message=str(exc))

    async def checked_form(self, request: Request) -> FormData:
        """The POSTed form, after checking that it carries the page's token."""
        form = await request.form(max_files=20, max_fields=200)
        token = form.get("token")
        if not isinstance(token, str) or not secrets.compare_digest(token, self.ws.token):
            raise Forbidden("请求缺少有效的访问令牌，已拒绝")
        return form

    # -- start page ---------------------------------------------------------------

    async def start(self, request: Request) -> Response:
        """Notes files and drafts in the folder, an upload form."""
        from selfreview.notes import MAX_INPUT_BYTES

        notes = sorted(
            p.name
            for p in self.ws.folder.iterdir()
            if p.is_file() and p.suffix.lower() in NOTES_SUFFIXES
        )
        return self.page(
            request,
            "start.html",
            notes=notes,
            drafts=self.ws.drafts(),
            limit_mb=MAX_INPUT_BYTES // 1024 // 1024,
            message=request.query_params.get("msg", ""),
        )

    async def upload(self, request: Request) -> Response:
        """Save uploaded notes files into the folder (same types and size limit as the CLI)."""
        from selfreview.atomic import write_atomic
        from selfreview.notes import MAX_INPUT_BYTES

        form = await self.checked_form(request)
        names = []
        for item in form.getlist("files"):
            if not isinstance(item, UploadFile) or not item.filename:
                continue
            name = Path(item.filename.replace("\\", "/")).name
            if Path(name).suffix.lower() not in NOTES_SUFFIXES:
                raise SelfReviewError(f"{name}：只能上传 .txt、.md、.docx 文件")
            data = await item.read(MAX_INPUT_BYTES + 1)
            if len(data) > MAX_INPUT_BYTES:
                limit = MAX_INPUT_BYTES // 1024 // 1024
                raise SelfReviewError(f"{name}：文件超过 {limit} MB，请拆分后再上传")
            target = _free_name(self.ws.folder, name, data)
            write_atomic(target, lambda tmp, d=data: tmp.write_bytes(d), mode=0o600)  # type: ignore[misc]
            names.append(target.name)
        if not names:
            return RedirectResponse("/" + query(msg="没有选择文件"), status_code=303)
        return RedirectResponse("/notes" + _files_query(names), status_code=303)

    async def notes(self, request: Request) -> Response:
        """The opinions read from the chosen notes files, and the drafting form."""
        from selfreview.notes import read_notes_files
        from selfreview.outline import builtin_outline_files

        names = request.query_params.getlist("f")
        paths = [self.ws.file(n, NOTES_SUFFIXES) for n in names]
        if not paths:
            return RedirectResponse("/" + query(msg="请先选择原始材料文件"), status_code=303)
        from selfreview.modelclient.config import load_config
        from selfreview.modelclient.providers import configured_provider
        from selfreview.web.choices import provider_choices

        document = await run_in_threadpool(read_notes_files, paths)
        config = load_config()
        return self.page(
            request,
            "notes.html",
            names=names,
            opinions=document.opinions,
            outlines=sorted(builtin_outline_files()),
            providers=provider_choices(config),
            configured=configured_provider(config) or "",
            draft_name=_draft_name(names[0]),
            exists=self.ws.folder.joinpath(_draft_name(names[0])).exists(),
        )

    async def draft(self, request: Request) -> Response:
        """Start drafting (or resuming) through the workflow the CLI uses; show its progress."""
        from selfreview.web.jobs import DraftRequest, start_draft

        form = await self.checked_form(request)
        names = [str(n) for n in form.getlist("f")]
        paths = [self.ws.file(n, NOTES_SUFFIXES) for n in names]
        if not paths:
            raise SelfReviewError("请先选择原始材料文件")
        options = {
            k: str(form.get(k) or "").strip() for k in ("outline", "kind", "org", "provider")
        }
        job = start_draft(
            self.ws,
            DraftRequest(
                notes=paths,
                path=self.ws.folder / _draft_name(names[0]),
                kind=options["kind"],
                org=options["org"],
                outline=options["outline"],
                provider=options["provider"] or "auto",
                redraft=form.get("redraft") == "1",
            ),
        )
        return RedirectResponse("/progress" + query(job=job.id), status_code=303)

    async def progress(self, request: Request) -> Response:
        """What the drafting has done so far; the review once it is done."""
        job = self.ws.jobs.get(request.query_params.get("job", ""))
        if job is None:
            raise SelfReviewError("没有这个起草任务（页面服务重新启动过？请重新起草）")
        if job.done and not job.error and not job.cancelled:
            target = "/review" + query(d=job.draft, msg="；".join(job.messages))
            if request.headers.get("hx-request"):
                return Response(status_code=200, headers={"HX-Redirect": target})
            return RedirectResponse(target, status_code=303)
        exists = (self.ws.folder / job.draft).exists()
        return self.page(request, "progress.html", job=job, exists=exists)

    async def cancel(self, request: Request) -> Response:
        """Stop a drafting (as Ctrl-C stops ``draft NOTES``: no draft file is written)."""
        form = await self.checked_form(request)
        job_id = str(form.get("job") or "")
        job = self.ws.jobs.get(job_id)
        if job is None:
            raise SelfReviewError("没有这个起草任务（页面服务重新启动过？请重新起草）")
        await run_in_threadpool(job.cancel)
        return RedirectResponse("/progress" + query(job=job_id), status_code=303)

    # -- review -------------------------------------------------------------------

    async def review(self, request: Request) -> Response:
        """The document with every unit's status, and the selected unit's panel."""
        from selfreview.web import pages
        from selfreview.web.signform import DATE_HINT, sign_form

        name = request.query_params.get("d", "")
        draft = await run_in_threadpool(self._load, name)
        material = draft.material
        if material is None:
            raise SelfReviewError(f"{name}：起草未完成，没有可审阅的内容；请重新起草")
        pending = pages.pending(draft)
        selected = request.query_params.get("u") or (pending[0] if pending else "title")
        if selected not in draft.review:
            selected = "title"
        findings = await run_in_threadpool(pages.check_findings, draft)
        return self.page(
            request,
            "review.html",
            d=name,
            sections=pages.document_sections(draft),
            unit=pages.unit_detail(draft, selected, findings),
            counts=pages.counts(draft),
            blockers=pages.blockers(draft),
            sign=sign_form(draft),
            date_hint=DATE_HINT,
            message=request.query_params.get("msg", ""),
            error=request.query_params.get("err", ""),
            built=request.query_params.get("built", ""),
            build_error=request.query_params.get("berr", ""),
        )

    async def act(self, request: Request) -> Response:
        """One review action through the review session, saved at once."""
        from selfreview.web.actions import NEXT_AFTER, ActionForm, perform

        act = ActionForm.parse(await self.checked_form(request))
        try:
            message, unit, after, order = await run_in_threadpool(
                self._change, act.draft, lambda session: perform(session, act)
            )
        except SelfReviewError as err:
            return _back(act.draft, act.unit, err=str(err))
        if act.action in NEXT_AFTER and after:
            unit = _next_pending(after, order, unit)
        return _back(act.draft, unit, msg=message)

    async def preview(self, request: Request) -> Response:
        """The document as the DOCX will lay it out (rejected units left out)."""
        from selfreview.web import pages
        from selfreview.web.signform import preview_signature

        name = request.query_params.get("d", "")
        draft = await run_in_threadpool(self._load, name)
        return self.page(
            request,
            "preview.html",
            d=name,
            blocks=pages.preview_blocks(draft),
            signature=preview_signature(draft),
            pending=len(pages.pending(draft)),
        )

    async def build(self, request: Request) -> Response:
        """Build the DOCX beside the draft through the workflow, or say what blocks it."""
        from selfreview.errors import ReviewPendingError
        from selfreview.web import pages

        form = await self.checked_form(request)
        name = str(form.get("d") or "")
        unit = str(form.get("u") or "")
        allowed = {k for k in ("allow_placeholders", "allow_missing_aspects") if form.get(k) == "1"}
        ledger = form.get("ledger") == "1"
        path = self.ws.file(name, (DRAFT_SUFFIX,))
        refused = "现在还不能生成：请先处理“生成文档”下列出的各项（点编号即可打开该条）"

        def work() -> str:
            from selfreview.draftfile import load_draft
            from selfreview.web.signform import signing_from_form
            from selfreview.workflow.building import build, default_output, record_given

            output = default_output(path)
            with self.ws.lock:
                draft = load_draft(path)
                if draft.material is None:
                    raise SelfReviewError(f"{name}：起草未完成，没有可生成的内容；请重新起草")
                # the 落款 as ``draft build --sign-date`` records it, kept even when refused
                draft = record_given(draft, path=path, signing=signing_from_form(draft, form))
                blocking = [b for b in pages.blockers(draft) if b.allowed_by not in allowed]
                if blocking:  # the page's own words, not the command line's
                    raise ReviewPendingError(refused, [], path=path)
                build(
                    draft,
                    output,
                    path=path,
                    force=True,
                    allow_placeholders="allow_placeholders" in allowed,
                    allow_missing_aspects="allow_missing_aspects" in allowed,
                    ledger=ledger,
                )
            return output.name

        try:
            built = await run_in_threadpool(work)
        except ReviewPendingError:
            return _back(name, unit, berr=refused)
        except SelfReviewError as err:
            return _back(name, unit, berr=str(err))
        return RedirectResponse(
            "/review" + query(d=name, u=unit, built=built, msg=f"已生成 {built}"), status_code=303
        )

    async def download(self, request: Request) -> Response:
        """A built document from the folder."""
        path = self.ws.file(request.query_params.get("f", ""), (".docx",))
        if not path.is_file():
            raise SelfReviewError(f"{path.name} 还没有生成")
        return download_response(path)

    # -- internals ----------------------------------------------------------------

    def _load(self, name: str) -> DraftFile:
        from selfreview.draftfile import load_draft

        return load_draft(self.ws.file(name, (DRAFT_SUFFIX,)))

    def _change(
        self, name: str, work: Callable[[ReviewSession], tuple[str, str]]
    ) -> tuple[str, str, list[str], list[str]]:
        """Run ``work`` on a session over the draft file as it is on disk now (locked)."""
        from selfreview.draftfile import load_draft
        from selfreview.review.session import ReviewSession, current_user

        path = self.ws.file(name, (DRAFT_SUFFIX,))
        with self.ws.lock:
            session = ReviewSession(load_draft(path), path, by=current_user(), via="web")
            message, unit = work(session)
            return message, unit, session.pending(), session.units()


def _back(name: str, unit: str, **extra: str) -> Response:
    return RedirectResponse("/review" + query(d=name, u=unit, **extra), status_code=303)


def _next_pending(pending: list[str], order: list[str], current: str) -> str:
    """The first pending unit after ``current`` in document order (wrapping round)."""
    place = order.index(current) if current in order else -1
    later = [u for u in pending if order.index(u) > place]
    return (later or pending)[0]


def _files_query(names: list[str]) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode([("f", n) for n in names])


def _draft_name(notes_name: str) -> str:
    return Path(notes_name).stem + DRAFT_SUFFIX


def _free_name(folder: Path, name: str, data: bytes) -> Path:
    """``folder/name``, or ``name(2)`` … when a different file already has that name."""
    target = folder / name
    digest = hashlib.sha256(data).hexdigest()
    number = 1
    while target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() != digest:
        number += 1
        target = folder / f"{Path(name).stem}({number}){Path(name).suffix}"
    return target

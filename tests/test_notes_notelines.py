"""Lines about the notes (title, compiler, collection summary, profile) and speakers' roles."""

from __future__ import annotations

import pytest

from selfreview.meeting import detect_meeting
from selfreview.notes import Heading, HeadingRole, split_opinions
from selfreview.notes.reading import text_lines
from selfreview.notes.speakers import frame_kind, speaker_label
from selfreview.schema import Opinion, OpinionKind

SOLICITED = OpinionKind.SOLICITED
TALK = OpinionKind.TALK
SELF = OpinionKind.SELF
OTHER = OpinionKind.OTHER


def split(text: str) -> tuple[list[Opinion], list[Heading]]:
    return split_opinions(text_lines("notes.txt", text))


def test_a_title_followed_by_a_compiler_line_is_a_title_and_a_note() -> None:
    notes = "某某镇党委2025年度民主生活会会前征求意见及谈心谈话情况\n（党政办整理）\n\n会议多，一个月开会10多次。\n"
    opinions, headings = split(notes)
    assert [(h.role, h.kind) for h in headings] == [
        (HeadingRole.TITLE, None),
        (HeadingRole.COMPILER, None),
    ]
    assert [o.text for o in opinions] == ["会议多，一个月开会10多次。"]


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("（局办公室整理，2025年12月）", HeadingRole.COMPILER),
        ("整理：市政府办公室综合科 张红　联系电话：13900001234", HeadingRole.COMPILER),
        ("本次向全县42所中小学校发放征求意见表，收回38份，梳理归并如下。", HeadingRole.SUMMARY),
        ("本次向集团本部各部门征求意见，共收集意见建议63条，归并整理为下表。", HeadingRole.SUMMARY),
        (
            "本人：张某某，县住房和城乡建设局党组成员、副局长，分管安全生产工作。",
            HeadingRole.PROFILE,
        ),
    ],
)
def test_lines_about_the_notes_are_kept_as_headings_with_their_role(
    line: str, role: HeadingRole
) -> None:
    opinions, headings = split(f"一、征求意见情况\n\n{line}\n\n1. 调研少，全年仅下基层3次。\n")
    assert [(h.text, h.role) for h in headings] == [
        ("一、征求意见情况", HeadingRole.SECTION),
        (line, role),
    ]
    # a note sets no section: the opinion stays under the section heading
    assert [(o.text, o.kind, o.section) for o in opinions] == [
        ("调研少，全年仅下基层3次。", SOLICITED, "一、征求意见情况")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "本次征求意见中，群众反映最多的是开会多，共12条意见涉及会议。",
        "征求意见中群众反映窗口办事要跑3趟，材料多。",
        "有同志提出，改革方案至今停在征求意见阶段，收回的38份反馈没有梳理。",
        "共收到群众举报5件，局党组监督失之于宽。",
    ],
)
def test_an_opinion_about_the_collection_is_still_an_opinion(line: str) -> None:
    opinions, _ = split(f"{line}\n")
    assert [o.text for o in opinions] == [line]


def test_a_party_membership_line_is_a_profile_only_before_the_first_opinion() -> None:
    profile = "县市场监督管理局机关第二党支部　党员　王某某（食品生产监管股）"
    opinions, headings = split(f"# 个人查摆问题\n\n{profile}\n\n1. 学习少\n\n{profile}\n")
    assert [h.role for h in headings] == [HeadingRole.SECTION, HeadingRole.PROFILE]
    assert [o.text for o in opinions] == ["学习少", profile]


def test_the_collection_summary_counts_reach_detect_meeting_through_the_headings() -> None:
    notes = (
        "某局党组2025年度民主生活会征求意见汇总\n\n"
        "本次共向各股室发放征求意见表40份，收回38份，共收集意见建议63条，归并整理如下。\n\n"
        "1. 调研少\n"
    )
    opinions, headings = split(notes)
    assert [o.text for o in opinions] == ["调研少"]
    found = detect_meeting([h.text for h in headings])
    assert found.counts == {"opinions": "63", "forms": "38"}


# --- speakers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("李四：会议多", "李四"),
        ("李明（副市长）：会议多", "李明（副市长）"),
        ("镇长李某某：会议多", "镇长李某某"),
        ("党委委员、武装部长 某某：会议多", "党委委员、武装部长 某某"),
        ("党委委员、组织委员 陈某某：会议多", "党委委员、组织委员 陈某某"),
        ("王局长说：会议多", "王局长"),
        ("具体表现为：会议多", None),
        ("会议多，一周陪会3次", None),
    ],
)
def test_speaker_labels(text: str, label: str | None) -> None:
    assert speaker_label(text) == label


def test_speaker_lines_in_a_row_are_separate_opinions() -> None:
    notes = (
        "谈心谈话\n\n"
        "人大主席刘某：镇里有的干部作风漂浮，群众反映“见不到人”。\n"
        "党委委员、组织委员 陈某某：站所负责人轮岗交流推进缓慢\n"
        "党委委员、宣传委员 赵某：村干部反映到镇里开会太多\n"
    )
    opinions, _ = split(notes)
    assert [o.text[:6] for o in opinions] == ["人大主席刘某", "党委委员、组", "党委委员、宣"]
    assert {o.kind for o in opinions} == {TALK}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("支部书记谈话指出，今年支部集中学习12次，我缺席了3次。", TALK),
        ("支部书记谈话时又提到：支部集中学习我缺了3次。", TALK),
        ("同科室同事提出，我在许可审查中现场核查不细。", SOLICITED),
        ("群众代表反映：群众投诉一家烘焙店卫生条件差。", SOLICITED),
        ("有同志提出，改革方案推进慢。", SOLICITED),
        ("镇长李某某：中心组学习多是读报纸。", SOLICITED),
        ("张某某（二级子公司总经理）：研讨时多是谈业务。", SOLICITED),
        ("班子成员之间谈心谈话少，有意见不当面讲。", None),
        ("班子成员到基层一线调研少，今年只有6次。", None),
        ("我认为，学习不够系统。", None),
        ("学习方面：读原著少。", None),
    ],
)
def test_frames_naming_a_role_give_the_kind(text: str, kind: OpinionKind | None) -> None:
    assert frame_kind(text) == kind


def test_colleagues_and_a_branch_secretarys_talk_are_not_self_review() -> None:
    notes = (
        "# 2025年度专题组织生活会 个人查摆问题\n\n"
        "## 一、支部书记和同志们的意见\n\n"
        "- 支部书记谈话指出，今年支部集中学习12次，我缺席了3次。\n"
        "- 同科室同事提出，我在许可审查中现场核查不细。\n\n"
        "## 二、自己查摆\n\n"
        "1. 理论学习满足于刷分，今年只写了2篇学习心得。\n"
    )
    opinions, headings = split(notes)
    assert [h.kind for h in headings] == [SELF, SOLICITED, SELF]
    assert [o.kind for o in opinions] == [TALK, SOLICITED, SELF]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("征求意见（村干部、群众代表、企业）", SOLICITED),
        ("群众代表意见：", SOLICITED),
        ("学校及股室意见", SOLICITED),
        ("三、班子自身查摆", SELF),
    ],
)
def test_headings_naming_sources_or_roles_set_the_kind(heading: str, kind: OpinionKind) -> None:
    opinions, headings = split(f"{heading}\n\n会议多，一周陪会3次。\n")
    assert [(h.text, h.kind) for h in headings] == [(heading, kind)]
    assert [o.kind for o in opinions] == [kind]


def test_a_role_with_more_words_is_an_opinion_not_a_heading() -> None:
    opinions, headings = split("群众代表意见大\n\n班子成员意见不统一\n")
    assert headings == []
    assert [o.kind for o in opinions] == [OTHER, OTHER]


def test_opinions_built_without_revalidation_equal_validated_ones() -> None:
    """The splitter builds opinions with model_construct and one shared fields set (issue 17:
    half the memory of 19 MB of notes); they must be what validation would give."""
    notes = (
        "一、征求意见情况\n1. 会议多，一周陪会3次。\n   陪会占去半天。\n\n镇长李某某：学习少。\n"
    )
    opinions, _ = split(notes)
    assert [Opinion.model_validate(o.model_dump()) for o in opinions] == opinions
    assert opinions[0].origin.end_line == 3 and opinions[1].origin.end_line is None
    assert len({id(o.model_fields_set) for o in opinions}) == 1
    opinions[0].text = "改过的意见"  # setting a field leaves the shared set as it was
    assert opinions[1].model_fields_set == set(Opinion.model_fields)

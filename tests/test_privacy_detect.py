"""The personal-data detectors: each kind found, and the near misses that must not be."""

from __future__ import annotations

import pytest

from selfreview.privacy.detect import (
    Kind,
    find_names,
    find_numbers,
    id_card_valid,
    luhn_valid,
    speaker_name,
    tagged_names,
    titled_names,
)

ID_X = "11010519491231002X"  # valid GB 11643 check character X
ID_1 = "440304200108151231"
CARD_16 = "6222021234567894"  # Luhn-valid
CARD_19 = "4367421234567890129"


def kinds(text: str) -> list[tuple[Kind, str]]:
    return [(f.kind, f.text) for f in find_numbers(text)]


# -- checksums --------------------------------------------------------------------------


def test_id_checksum() -> None:
    assert id_card_valid(ID_X) and id_card_valid(ID_X.lower()) and id_card_valid(ID_1)
    assert not id_card_valid("110105194912310021")  # same number, wrong check digit
    assert not id_card_valid("11010519491231002")  # 17 characters


def test_luhn() -> None:
    assert luhn_valid(CARD_16) and luhn_valid(CARD_19) and luhn_valid("79927398713")
    assert not luhn_valid("6222021234567895") and not luhn_valid("62220212345678a4")


# -- numbers found ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "联系电话：13900001234（有疑问请打电话）",
        "手机139-0000-1234",
        "手机 139 0000 1234。",
        "请拨+86 13900001234",
        "请拨8613900001234",
        "手机１３９００００１２３４",  # full-width digits
    ],
)
def test_mobile_numbers(text: str) -> None:
    found = find_numbers(text)
    assert [f.kind for f in found] == [Kind.MOBILE]
    assert found[0].key == "13900001234"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("电话 0531-88886666 常打不通", "0531-88886666"),
        ("值班电话010-62345678", "010-62345678"),
        ("(0571)8888888转", "(0571)8888888"),
        ("座机：0755 2345 6789", "0755 2345 6789"),
        ("办公电话：88886666", "88886666"),  # no area code, but labelled as a phone
    ],
)
def test_landlines(text: str, number: str) -> None:
    assert kinds(text) == [(Kind.LANDLINE, number)]


def test_id_cards_need_the_right_check_character() -> None:
    assert kinds(f"身份证号{ID_X}的材料") == [(Kind.ID_CARD, ID_X)]
    assert kinds(f"身份证号 {ID_1}") == [(Kind.ID_CARD, ID_1)]
    assert kinds("身份证号110105194912310021的材料") == []  # wrong check digit: not an ID


def test_an_id_number_written_in_groups_is_the_same_id() -> None:
    text = f"身份证号110105 19491231 002X（原件{ID_X}）"
    found = find_numbers(text)
    assert [(f.kind, f.text, f.key) for f in found] == [
        (Kind.ID_CARD, "110105 19491231 002X", ID_X),
        (Kind.ID_CARD, ID_X, ID_X),
    ]
    assert kinds("身份证号 110105-1949-1231-002X，") == [(Kind.ID_CARD, "110105-1949-1231-002X")]
    assert kinds("编号 110105 19491231 0021") == []  # wrong check character


def test_bank_cards_need_luhn() -> None:
    assert kinds(f"打到个人银行卡{CARD_16}上") == [(Kind.BANK_CARD, CARD_16)]
    assert kinds("卡号 6222 0212 3456 7894，") == [(Kind.BANK_CARD, "6222 0212 3456 7894")]
    assert kinds(f"卡号{CARD_19}") == [(Kind.BANK_CARD, CARD_19)]
    assert kinds("卡号6222021234567895") == []  # 16 digits, not Luhn-valid
    assert kinds("编号2222021234567891") == []  # Luhn-valid but no card starts with 2


def test_email_addresses() -> None:
    assert kinds("邮箱 sunlh@example.gov.cn，") == [(Kind.EMAIL, "sunlh@example.gov.cn")]
    assert kinds("发到13900001234@163.com") == [(Kind.EMAIL, "13900001234@163.com")]


def test_several_kinds_in_order() -> None:
    text = f"张红 13900001234，邮箱 a.b@c.org，身份证{ID_X}，卡号{CARD_16}，电话010-62345678"
    assert [k for k, _ in kinds(text)] == [
        Kind.MOBILE,
        Kind.EMAIL,
        Kind.ID_CARD,
        Kind.BANK_CARD,
        Kind.LANDLINE,
    ]


# -- ordinary figures are not personal data -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024年一季度主要经济指标增幅排第11位",
        "整改完成率78%，按期办结率82.5％",
        "补助资金1500万元，其中1200万元已拨付",
        "发放征求意见表156份，收回142份",
        "根据市政办〔2021〕12号文件",
        "12345热线工单按期办结",
        "全年集中学习12次，有2名同志缺席3次以上",
        "项目总投资13900001234元",  # 11 digits as an amount
        "2024-2025年度",
        "排查出各类隐患412处，涉及20240101号台账",
        "共计1234567890123456个",  # 16 digits, not Luhn-valid
    ],
)
def test_figures_are_not_redacted(text: str) -> None:
    assert find_numbers(text) == []


# -- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("李明（副市长）：党组成员之间批评和自我批评辣味不足。", "李明"),
        ("赵建国（市政府秘书长）：一季度会太多。", "赵建国"),
        ("王局长说：上级的政策到了我们这里。", "王局长"),
        ("欧阳明华同志说：批评辣味不足。", "欧阳明华"),
        ("郑志刚指出：会议太多。", "郑志刚"),
        ("阿依古丽·买买提：基层负担重。", "阿依古丽·买买提"),
        ("武装部长 张三：班子成员之间谈心谈话少。", "张三"),
        ("党委委员、武装部长 张三：有意见不当面讲。", "张三"),
        ("党委委员、组织委员　陈卫东：轮岗交流推进缓慢。", "陈卫东"),
        ("党委副书记张建国：安全生产排查有死角。", "张建国"),
        ("镇长李四：学习多是读报纸。", "李四"),
        ("二级子公司总经理 孙志强：研讨时多是谈业务。", "孙志强"),
    ],
)
def test_speaker_labels(text: str, name: str) -> None:
    assert speaker_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "王某某同志说：材料太多。",  # already anonymised
        "例如：会议太多。",
        "整理：市政府办公室综合科",
        "群众代表：办事难。",
        "具体表现：学习不够。",
        "纪委书记王某某：监督不到位。",  # anonymised after the title
        "有企业负责人反映：检查太多。",
        "党委委员、武装部长 某某：谈心谈话少。",
    ],
)
def test_not_speaker_labels(text: str) -> None:
    assert speaker_name(text) is None


def test_titled_names() -> None:
    assert titled_names("请张三同志和李明华书记、周科长参加") == ["张三", "李明华", "周科长"]
    assert titled_names("有的同志、全体同志、分管副市长、常务副市长") == []
    assert titled_names("王某某同志、张某书记") == []  # anonymised already


def test_tagged_names_filter_dictionary_words() -> None:
    found = tagged_names("整理：市政府办公室综合科 张红，督促检查党风廉政建设，杜绝浪费")
    assert found == ["张红"]
    assert tagged_names("方正小标宋简体，宋体，增强严肃性") == []
    assert tagged_names("深入学习习近平新时代中国特色社会主义思想") == []


def test_find_names_combines_the_detectors() -> None:
    text = "陈红（市政府办公室主任）：张红同志反映，周科长到现场少。"
    assert find_names(text) == ["陈红", "张红", "周科长"]

"""Masking of personal data typed into free text: a corpus of realistic addresses, phone and
ID numbers that must be masked, and ordinary shift sentences that must come through untouched."""

from __future__ import annotations

import pytest

from shiftboard.domain.privacy import mask_text

#: (text, the personal part that must not survive)
ADDRESSES = [
    ("寄到上海市浦东新区张江路1号", "张江路1号"),
    ("地址：北京市朝阳区建国路88号SOHO现代城5号楼1单元1203室", "1203室"),
    ("广东省深圳市南山区科技园南区粤兴三道8号", "粤兴三道8号"),
    ("浙江省杭州市西湖区文三路259号昌地火炬大厦1号楼", "文三路259号"),
    ("江苏省南京市鼓楼区中山北路30号", "中山北路30号"),
    ("买家改地址为成都市武侯区人民南路四段27号", "人民南路四段27号"),
    ("四川省成都市锦江区春熙路步行街", "春熙路"),
    ("湖北省武汉市洪山区珞喻路1037号华中科技大学", "珞喻路1037号"),
    ("重庆市渝中区解放碑民族路166号", "民族路166号"),
    ("天津市和平区南京路189号", "南京路189号"),
    ("陕西省西安市雁塔区长安南路10号3栋2单元501室", "长安南路10号"),
    ("福建省厦门市思明区中山路", "中山路"),
    ("山东省青岛市市南区香港中路9号", "香港中路9号"),
    ("河南省郑州市金水区花园路39号院", "花园路39号"),
    ("辽宁省沈阳市和平区太原北街2号", "太原北街2号"),
    ("新疆维吾尔自治区乌鲁木齐市天山区光明路", "光明路"),
    ("送货到浙江省义乌市稠城街道工人北路1001号", "工人北路1001号"),
    ("湖南省长沙市岳麓区麓山南路932号", "麓山南路932号"),
    ("安徽省合肥市蜀山区黄山路443号", "黄山路443号"),
    ("上海市静安区南京西路1266号恒隆广场", "南京西路1266号"),
    ("广州市天河区天河路385号太古汇", "天河路385号"),
    ("昆明市五华区青年路437号", "青年路437号"),
    ("苏州工业园区星湖街328号", "星湖街328号"),
    ("北京市海淀区中关村大街27号", "中关村大街27号"),
    ("杭州市余杭区五常街道文一西路969号", "文一西路969号"),
    ("宁波市鄞州区钟公庙街道天童南路588号", "天童南路588号"),
    ("阳光花园12栋3单元402室", "阳光花园12栋"),
    ("河北省石家庄市长安区中山东路", "中山东路"),
    ("吉林省长春市朝阳区人民大街5988号", "人民大街5988号"),
    ("上海市徐汇区漕溪北路弄堂里", "漕溪北路"),
    ("Room 501, 88 Nanjing Road, Shanghai", "88 Nanjing Road"),
    ("Ship to 221B Baker Street, London", "221B Baker Street"),
    ("Flat 3, 7 Elm Lane, Leeds", "7 Elm Lane"),
    ("1600 Pennsylvania Avenue NW, Washington", "1600 Pennsylvania Avenue"),
    ("new address: 12 High St. Oxford", "12 High St"),
    ("Apt 5B, 350 Fifth Avenue, New York", "350 Fifth Avenue"),
    ("Unit 12, 45 Queen's Road, Hong Kong", "45 Queen's Road"),
    ("Suite 300, 1 Infinite Loop Drive, Cupertino", "1 Infinite Loop Drive"),
    ("deliver to 10 Downing Street please", "10 Downing Street"),
    ("buyer moved to 27 Harbour Boulevard, Sydney", "27 Harbour Boulevard"),
    ("call 13812345678 about it", "13812345678"),
    ("电话 138-1234-5678", "1234-5678"),
    ("座机 021-62345678", "62345678"),
    ("身份证 11010519491231002X", "19491231"),
    ("ID 310101199001011234", "19900101"),
]

#: Ordinary sentences of a shift: times, order numbers, product names, quantities.
ORDINARY = [
    "订单 2026112300456 缺货，已联系买家",
    "T恤 白 L 码 3 件，周五前发货",
    "20:30 前回电王女士",
    "仓库 B 区还有 12 箱矿泉水",
    "今天发了 350 单，比昨天多 20 单",
    "顺丰 14:00 来取件",
    "空气炸锅配件 11-25 到货",
    "退款 59.90 元已处理",
    "差评已回复，买家说下次再来",
    "市场部要求明天前提交活动报表",
    "区域经理 16:00 开会",
    "把订单送到仓库（每小时一次）",
    "售后区的退货已经清点完",
    "街边店的样品明天寄出",
    "5 号仓库今天盘点",
    "第 3 单元的培训改到下周",
    "快递单号 SF1234567890123",
    "淘宝订单号 361234567890123456 已备注",
    "满 199 减 20，库存 48 件",
    "电水壶 1.5L 蓝色两台",
    "Order 2026112300123 is waiting for stock",
    "Ship 3 blue mugs by Friday",
    "Call the courier at 14:30",
    "Refund of 59.90 approved by Li",
    "The 2 Way adapter is out of stock",
    "SKU TS-WHT-L: 12 left",
    "Meeting moved to 16:00 in Room 5",
    "Next shift starts at 19:30",
    "Customer asked about size M versus L",
    "Reply within 24 hours to every review",
    "Batch 12 of 40 labels printed",
    "Weekly report due 11-25 09:00",
    "Stock count: 350 units on shelf A",
    "Order 361234567890123456 flagged purple",
    "Price changed from 89 to 79",
    "Tracking YT7512345678901 stuck in Hangzhou",
    "Warehouse says 5 parcels are damaged",
    "Promise: call back before 21:00",
    "Version 2.3 of the reply library is live",
    "A 10 min break at 15:00",
    "2026-11-23 19:20 signed by Li",
    "Line 1 of 3: printer jam fixed",
]


@pytest.mark.parametrize(("text", "private"), ADDRESSES)
def test_personal_data_is_masked(text, private):
    shown = mask_text(text)
    assert private not in shown and "*" in shown


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentences_are_untouched(text):
    assert mask_text(text) == text


def test_the_corpus_is_big_enough():
    assert len(ADDRESSES) - 5 >= 40 and len(ORDINARY) >= 40


def test_the_region_stays_readable():
    assert mask_text("寄到上海市浦东新区张江路1号") == "寄到上海市浦东新区****"
    assert mask_text("Room 501, 88 Nanjing Road, Shanghai") == "****, Shanghai"


def test_handover_text_is_masked_in_every_export_unless_unmasked(tmp_path):
    from shiftboard import i18n
    from shiftboard.domain.handover.render import render

    record = {"id": "2026-11-23/day/Li", "run": "2026-11-23/day", "date": "2026-11-23", "shift": "day",
              "shift_title": "Day shift", "from": "Li",
              "to": {"run": "2026-11-23/night", "date": "2026-11-23", "shift": "night", "shift_title": "Night",
                     "start": "2026-11-23T19:30:00+08:00"},
              "notes": {"status": "calm", "summary": "寄到上海市浦东新区张江路1号",
                        "actions": [{"text": "Visit Room 501, 88 Nanjing Road, Shanghai", "owner": "Wang", "due": None}],
                        "contingencies": []},
              "content": {"at": "2026-11-23T19:20:00+08:00", "cases": [],
                          "items": [{"key": "a.b", "block": "a", "block_title": "A", "text": "x", "status": "due",
                                     "notes": [{"by": "Li", "at": "2026-11-23T19:00:00+08:00",
                                                "text": "ID 11010519491231002X"}]}]},
              "signed": None, "addenda": [], "read_backs": [], "acks": []}
    for fmt in ("md", "txt", "json"):
        shown = render(record, fmt, i18n.t)
        assert "张江路1号" not in shown and "88 Nanjing Road" not in shown and "19491231" not in shown
    assert "张江路1号" in render(record, "md", i18n.t, unmask=True)

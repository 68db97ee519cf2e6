"""Buyers' personal data on screen and in exports: masked unless someone asks (and that is
recorded by the caller, see `CaseService.reveal` and `HandoverService.unmasked`).

Two kinds of text hold it: the case fields made for it (`PERSONAL`), and free text people type
(handover summaries, actions, notes, case notes), where `mask_text` finds phone numbers,
ID-card numbers and street addresses by their shape. The shapes are tight on purpose: an
order number, a time, a quantity or a product name must come through untouched (the test
corpus in tests/test_privacy.py holds both sides).
"""

from __future__ import annotations

import re
from functools import cache

#: The fields of a case that hold a buyer's personal data, and how each is masked.
PERSONAL = ("buyer_phone", "buyer_address")
HIDDEN = "****"


def mask_phone(phone: str) -> str:
    """138****5678: the middle hidden, enough left to recognise the number on a call."""
    digits = re.sub(r"[\s-]", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(address: str) -> str:
    """Keep the region (first 6 characters), hide the street and number."""
    return address[:6] + HIDDEN if len(address) > 6 else HIDDEN


def mask_id(number: str) -> str:
    """3101**********123X: the issuing region and the last four, nothing of the birth date."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


# -- shapes in free text -------------------------------------------------------------------

_HAN = r"[\u4e00-\u9fff]"
#: Mobile (138 1234 5678, 138-1234-5678) and landline (021-6234 5678) numbers, not inside a
#: longer run of digits (an order number).
_PHONE = (r"(?<![\d-])(?:1[3-9]\d(?:[\s-]?\d{4}){2}|0\d{2,3}-\d{3,4}\s?\d{4})(?![\d-])")
#: An 18-digit resident ID (checked by its check digit below) or a 15-digit old one.
_ID = (r"(?<![\dA-Za-z])(?:\d{17}[\dXx]|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![\dA-Za-z])")
_ADMIN = rf"{_HAN}{{1,7}}?(?:省|自治区|特别行政区|市|区|县|旗|镇|乡|街道)"
_ROAD = rf"[{_HAN[1:-1]}A-Za-z0-9]{{1,12}}?(?:大道|路|街|巷|弄|胡同|道)"
_NUMBER = r"[0-9一二三四五六七八九十百零〇\-—]+(?:号楼|号院|号|栋|幢|座|单元|室|楼|层|房)"
_PLACE = rf"{_HAN}{{2,10}}?(?:小区|花园|公寓|大厦|苑|村)"
#: A Chinese address: (region) road with a number, or a named estate with building/room numbers;
#: the region is kept, the rest hidden.
_ADDRESS_ZH = (rf"((?:{_ADMIN})*)({_ROAD}(?:[\u4e00-\u9fff0-9]{{0,4}}?{_NUMBER})+(?:[\u4e00-\u9fffA-Za-z]{{0,10}}?{_NUMBER})*"
                         rf"|{_PLACE}(?:{_NUMBER})+)")
#: A road named after a region, without a number ("上海市徐汇区漕溪北路").
_ROAD_ZH = (rf"((?:{_ADMIN})+)({_ROAD})")
_STREET = (r"Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|Place|Pl|"
           r"Terrace|Crescent|Highway|Hwy|Square|Sq")
_UNIT = r"(?:(?:Room|Rm|Flat|Apt|Apartment|Unit|Suite|Floor|Building|Bldg|Block)\.?\s*#?\w{1,6},?\s+)"
#: An English street address: "Room 501, 88 Nanjing Road", "12B Baker St.", "Flat 3, 7 Elm Lane".
_ADDRESS_EN = (
    rf"{_UNIT}*\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][a-zA-Z'’-]+\s+){{1,4}}(?:{_STREET})\b\.?(?:\s+(?:No\.?\s*)?\d+\b)?")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _is_id(number: str) -> bool:
    """A real 18-digit ID number's last character is its ISO 7064 check: an 18-digit order
    number almost never passes it."""
    if len(number) == 15:
        return True
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


def mask_text(text: str) -> str:
    """Free text with phone numbers, ID-card numbers and street addresses masked."""
    if not text:
        return text
    ids, phones, zh, roads, en = _compiled()
    text = ids.sub(lambda m: mask_id(m.group()) if _is_id(m.group()) else m.group(), text)
    text = phones.sub(lambda m: mask_phone(m.group()), text)
    for pattern in (zh, roads):
        text = pattern.sub(lambda m: m.group(1) + HIDDEN, text)
    return en.sub(HIDDEN, text)


@cache
def _compiled() -> tuple[re.Pattern, ...]:
    """Compiled on first use: ~20 ms the dashboard's first screen should not pay."""
    return tuple(re.compile(p) for p in (_ID, _PHONE, _ADDRESS_ZH, _ROAD_ZH, _ADDRESS_EN))


_MASKS = {"buyer_phone": mask_phone, "buyer_address": mask_address}


def masked(case: dict, revealed: frozenset[str] | set[str] = frozenset()) -> dict:
    """A copy of `case` with its personal fields masked, except those in `revealed`, and the
    personal data typed into its notes masked too."""
    shown = dict(case)
    for name, mask in _MASKS.items():
        if shown.get(name) and name not in revealed:
            shown[name] = mask(str(shown[name]))
    if shown.get("timeline") and not revealed:
        shown["timeline"] = [{**e, "text": mask_text(e["text"])} if isinstance(e.get("text"), str) else e
                             for e in shown["timeline"]]
    return shown

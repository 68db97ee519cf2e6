"""Buyers' personal data on screen and in exports: masked unless someone asks (and that is
recorded by the caller, see `CaseService.reveal`)."""

from __future__ import annotations

#: The fields of a case that hold a buyer's personal data, and how each is masked.
PERSONAL = ("buyer_phone", "buyer_address")


def mask_phone(phone: str) -> str:
    """138****5678: the middle hidden, enough left to recognise the number on a call."""
    digits = phone.replace(" ", "").replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_address(address: str) -> str:
    """Keep the region (first 6 characters), hide the street and number."""
    return address[:6] + "****" if len(address) > 6 else "****"


_MASKS = {"buyer_phone": mask_phone, "buyer_address": mask_address}


def masked(case: dict, revealed: frozenset[str] | set[str] = frozenset()) -> dict:
    """A copy of `case` with its personal fields masked, except those in `revealed`."""
    shown = dict(case)
    for name, mask in _MASKS.items():
        if shown.get(name) and name not in revealed:
            shown[name] = mask(str(shown[name]))
    return shown

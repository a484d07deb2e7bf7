"""The options of ``uitkomst demo --regio``: each region with its purchasing model and funding variant."""

from __future__ import annotations

from dataclasses import dataclass

MODEL_CODE = "ijsselland-jeugd-2018"
LEGACY_MODEL_CODE = "ijsselland-jeugd-pxq-overgang"
LANGDURIG_MODEL_CODE = "ijsselland-jeugd-pxq-langdurig"


@dataclass(frozen=True)
class DemoRegio:
    """One option of ``uitkomst demo --regio``: the region, its purchasing model and funding variant."""

    optie: str
    regio_code: str
    model_code: str
    legacy_code: str | None = None  # the P×Q model of the phased introduction, if the region has one
    langdurig_code: str | None = None  # long-term P×Q clients still in care in the demo year (illustrative)
    lumpsum: bool = False  # Zwolle's lump-sum day care (Wmo, task-based)
    specialistisch: bool = False  # the illustrative specialist lot: weekly tariff and arrangement
    tariefhistorie: bool = False  # the synthetic 2017 P×Q history for the tariff design
    inwoners: tuple[tuple[str, int], ...] = ()  # rounded, illustrative; where regios.yaml has none


REGIOS = {
    "ijsselland": DemoRegio(
        "ijsselland", "ijsselland", MODEL_CODE, LEGACY_MODEL_CODE, LANGDURIG_MODEL_CODE, lumpsum=True,
        tariefhistorie=True, specialistisch=True,
    ),
    "rijnmond": DemoRegio(
        "rijnmond",
        "rotterdam-rijnmond",
        "rotterdam-rijnmond-jeugd-week",
        inwoners=(("0599", 655000), ("1930", 86000), ("0622", 75000), ("0606", 80000), ("0502", 67000),
                  ("1621", 65000), ("1992", 70000), ("0597", 47000), ("0489", 49000), ("1924", 52000),
                  ("0556", 33000), ("0542", 30000), ("0613", 26000)),
    ),  # fmt: skip
    "wbw": DemoRegio(
        "wbw",
        "west-brabant-west",
        "west-brabant-west-jeugd-arrangement",
        inwoners=(("1674", 78000), ("0748", 69000), ("0777", 45000), ("1709", 37000), ("1655", 30000),
                  ("0851", 25000), ("0840", 22000), ("0873", 22000), ("0879", 22000)),
    ),  # fmt: skip
}
STANDAARD_REGIO = "ijsselland"



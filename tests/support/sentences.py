"""SciFact dev sentences the alignment and ceiling tests share: an abstract's own
abbreviations (SIV, TH17), long names (chronic kidney disease) and compounds
(CX3CR1-deficient)."""

from __future__ import annotations

SIV = (
    "Here we show that simian immunodeficiency virus (SIV) infection results in depletion of "
    "T helper type 17 (TH17) cells in the ileal mucosa of rhesus macaques, thereby impairing "
    "mucosal barrier functions to S. typhimurium dissemination."
)
FOLATE = (
    "CONCLUSION Treatment with high doses of folic acid and B vitamins did not improve survival "
    "or reduce the incidence of vascular disease in patients with advanced chronic kidney "
    "disease or end-stage renal disease."
)
CX3CR1 = (
    "Transfer of WT CD4(+) T cells into CX3CR1-deficient mice restored the cardinal features of "
    "asthma, and CX3CR1-blocking reagents prevented airway inflammation in CX3CR1-deficient "
    "recipients injected with WT T(H)2 cells."
)

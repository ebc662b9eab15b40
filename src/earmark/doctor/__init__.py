"""`earmark doctor`: checks an installation the way a support thread would, in plain words."""

from earmark.doctor.findings import Finding, Outcome
from earmark.doctor.run import run_doctor

__all__ = ["Finding", "Outcome", "run_doctor"]

"""The words of each sign-off step in the back office: what the signer's button says, what
the page says after it, what the mail says while it waits.

The head of department co-signs (Mitzeichnung), the treasurer confirms the financial
impact, the mayor signs last. Who holds a step is named as the Body calls them
(`Body.signer_title`: "Kämmerin", "Bürgermeister").
"""

from dataclasses import dataclass

from resolutions.models import SignOff


@dataclass(frozen=True)
class StepWords:
    button: str
    comment_label: str
    done: str  # the message after the step
    waiting: str  # the mail to the signers: "Die Vorlage … wartet auf Ihre …"


WORDS = {
    SignOff.Role.HEAD_OF_DEPARTMENT: StepWords(
        button="Mitzeichnen",
        comment_label="Kommentar zur Mitzeichnung (freiwillig)",
        done="Sie haben die Vorlage mitgezeichnet.",
        waiting="wartet auf Ihre Mitzeichnung",
    ),
    SignOff.Role.TREASURER: StepWords(
        button="Finanzielle Auswirkungen bestätigen",
        comment_label="Kommentar zur Bestätigung der finanziellen Auswirkungen (freiwillig)",
        done="Sie haben die finanziellen Auswirkungen der Vorlage bestätigt.",
        waiting="wartet auf Ihre Bestätigung der finanziellen Auswirkungen",
    ),
    SignOff.Role.MAYOR: StepWords(
        button="Unterzeichnen",
        comment_label="Kommentar zur Unterzeichnung (freiwillig)",
        done="Sie haben die Vorlage unterzeichnet.",
        waiting="wartet auf Ihre Unterzeichnung",
    ),
}


def words_for(role):
    return WORDS.get(role, WORDS[SignOff.Role.HEAD_OF_DEPARTMENT])

from enum import StrEnum


class UpdateCommand(StrEnum):
    CANCEL = "cancel"
    HOLD = "hold"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)

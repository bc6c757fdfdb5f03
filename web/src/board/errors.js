// Errors thrown by the board clients. `code` is stable for the page to branch on; the message
// is written for a person. `keptPreviousModel` is true when the failure happened before the
// board switched to the new model (firmware COMMIT not acknowledged, or a MicroPython module
// not yet renamed over the old one), so the page can say so.
export class BoardError extends Error {
  constructor(code, message, { cause, keptPreviousModel, details } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'BoardError';
    this.code = code;
    if (keptPreviousModel !== undefined) this.keptPreviousModel = keptPreviousModel;
    if (details !== undefined) this.details = details;
  }
}

export const ErrorCode = Object.freeze({
  TIMEOUT: 'TIMEOUT',
  PORT_CLOSED: 'PORT_CLOSED',
  CANCELLED: 'CANCELLED',
  PROTOCOL: 'PROTOCOL', // the other side answered something this client does not understand
  BOARD_EXCEPTION: 'BOARD_EXCEPTION', // MicroPython raised an exception
  VERIFY_FAILED: 'VERIFY_FAILED', // written bytes or predictions do not match
});

// Adds the "board kept its previous model" sentence to an error raised while a new model was
// on its way, keeping its code (and marking it) so the page shows one message.
export function withPreviousModelKept(error, sentence = 'The board kept its previous model.') {
  if (!(error instanceof BoardError)) {
    error = new BoardError(ErrorCode.PROTOCOL, String(error?.message ?? error), { cause: error });
  }
  if (error.keptPreviousModel === undefined) {
    error.keptPreviousModel = true;
    error.message += ` ${sentence}`;
  }
  return error;
}

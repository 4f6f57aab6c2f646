// Helpers for aws-sdk-client-mock.

/** What `mock.on(Command)` returns, as far as answering in turn needs it. */
interface Behavior<Output> {
  resolves(output: Output): unknown;
  resolvesOnce(output: Output): Behavior<Output>;
  rejects(error: Error): unknown;
  rejectsOnce(error: Error): Behavior<Output>;
}

/** Answers the command with each answer in turn (an Error is thrown); the last one repeats. */
export function answersInTurn<Output>(behavior: Behavior<Output>, answers: Array<Output | Error>): void {
  answers.forEach((answer, index) => {
    const last = index === answers.length - 1;
    if (answer instanceof Error) {
      if (last) behavior.rejects(answer); else behavior.rejectsOnce(answer);
    } else if (last) {
      behavior.resolves(answer);
    } else {
      behavior.resolvesOnce(answer);
    }
  });
}

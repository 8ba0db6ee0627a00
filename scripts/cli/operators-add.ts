import { createInterface } from 'node:readline';
import { hash as argon2Hash } from 'argon2';
import { type CliCommand, UsageError } from './types';

const LOGIN = /^[a-z0-9._-]{3,64}$/;
export const MIN_PASSWORD_LENGTH = 10;

/** Reads the password: the first line of stdin when piped, else a prompt that does not echo. */
export async function readPassword(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) {
    let data = '';
    for await (const chunk of input) data += String(chunk);
    return data.split(/\r?\n/, 1)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input, output, terminal: true });
      // hide what is typed: print the prompt once, swallow the echo of every key
      const write = (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput;
      (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text: string) => {
        if (text.includes(prompt)) write.call(rl, prompt);
      };
      rl.question(prompt, (answer) => {
        rl.close();
        output.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  const second = await ask('Repeat password: ');
  if (first !== second) throw new UsageError('the passwords differ');
  return first;
}

/** `operators add <login> <display name>`: creates an operator of the console (/operator). */
export const operatorsAdd: CliCommand = {
  name: 'operators add',
  summary: 'add an operator of the console /operator (password from stdin or prompted, argon2-hashed)',
  usage: '<login> <display name…>',
  async run(args, context) {
    const [login, ...nameWords] = args;
    const displayName = nameWords.join(' ').trim();
    if (!login || !displayName) throw new UsageError('a login and a display name are needed');
    if (!LOGIN.test(login)) throw new UsageError('the login is 3-64 of a-z 0-9 . _ -');
    if (displayName.length > 100) throw new UsageError('the display name is at most 100 characters');
    const password = await readPassword();
    if (password.length < MIN_PASSWORD_LENGTH) {
      context.print(`Refused: the password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
      return 1;
    }
    const { prisma } = await context.database();
    if (await prisma.operator.findUnique({ where: { login } })) {
      context.print(`Refused: an operator "${login}" already exists.`);
      return 1;
    }
    const passwordHash = await argon2Hash(password);
    const operator = await prisma.operator.create({ data: { login, displayName, passwordHash } });
    await prisma.auditLog.create({
      data: { actor: 'cli', action: 'operator.added', subject: operator.id, details: { login } },
    });
    context.print(`Operator "${login}" (${displayName}) added. They log in at /operator.`);
    return 0;
  },
};

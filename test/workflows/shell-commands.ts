/**
 * Splits the shell text of a CI step into simple commands and their words, enough to find
 * which programs a workflow runs and with which flags. Not a shell: no expansion, no
 * subshells; quotes group words, `\` continues a line, `;`, `&&`, `||` and `|` separate.
 */

export interface ShellCommand {
  words: string[];
  text: string;
}

function tokenize(line: string): string[][] {
  const commands: string[][] = [[]];
  let word = "";
  let inWord = false;
  let quote: string | undefined;
  const endWord = () => {
    if (inWord) commands[commands.length - 1]?.push(word);
    word = "";
    inWord = false;
  };
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i] ?? "";
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === "#" && !inWord) {
      break;
    } else if (/\s/.test(c)) {
      endWord();
    } else if (c === ";" || c === "|" || (c === "&" && line[i + 1] === "&")) {
      endWord();
      if (line[i + 1] === c) i += 1;
      commands.push([]);
    } else {
      word += c;
      inWord = true;
    }
  }
  endWord();
  return commands.filter((words) => words.length > 0);
}

export function shellCommands(script: string): ShellCommand[] {
  const lines = script.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  return lines
    .flatMap((line) =>
      tokenize(line).map((words) => {
        // Leading NAME=value assignments set the environment of the command.
        const start = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
        return { words: start < 0 ? [] : words.slice(start), text: line.trim() };
      }),
    )
    .filter((c) => c.words.length > 0);
}

/** Options of a command line: `--flag`, `--flag=value`, `-f`; everything else is a value. */
export function flagsOf(words: string[]): string[] {
  return words.filter((w) => /^--?[A-Za-z]/.test(w)).map((w) => w.split("=")[0] ?? w);
}

export { operatorConsole } from './routes';
export { CONSOLE_PATH, SESSION_COOKIE } from './session';

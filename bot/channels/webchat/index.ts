export {
  publishWebchat,
  pushToWebchat,
  type WebchatPush,
  webchatChannel,
} from '../../../core/notify/webchat-push';
export { webchatToken } from './auth';
export { describeInput, type RenderedButton, type RenderedReply, renderReplies, renderReply } from './render';
export { MessageBody, type WebchatRoutesOptions, webchatRoutes } from './routes';
export { widgetPage } from './widget';

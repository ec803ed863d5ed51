import type { TouchInput } from '@aiceo/shared/attribution';
import type { WidgetConfig } from '@aiceo/shared/widget';

/** What the loader (widget.js) hands the chat chunk (widget-chat.js) when the visitor first opens the chat. */
export type ChatContext = {
  key: string;
  /** The folder widget.js was served from ("https://app.example.com/"); API paths resolve against it. */
  base: string;
  config: WidgetConfig;
  /** The visit this page load came from (UTM parameters and referrer), taken when widget.js ran. */
  touch: TouchInput;
  shadow: ShadowRoot;
  /** The widget's root inside the shadow root; holds the bubble, and the panel once mounted. */
  root: HTMLElement;
  bubble: HTMLButtonElement;
};

export type ChatPanel = { open(): void; close(): void; isOpen(): boolean };
export type MountChat = (context: ChatContext) => ChatPanel;

declare global {
  interface Window {
    /**
     * Set by widget-chat.js. The chunk is a classic script, not an ES module: importing a module
     * from another origin would need CORS on the file, a classic script tag does not.
     */
    __aiceoWidgetChat?: MountChat;
  }
}

// The preview's webview view type, in a module of its own so that the entry bundle can register the
// serializer that restores the preview after a reload without loading the preview itself; package.json
// names it too, in the `onWebviewPanel:perfdoc.preview` activation event.
export const PREVIEW_VIEW_TYPE = 'perfdoc.preview';

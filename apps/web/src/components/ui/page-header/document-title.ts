// Every browser tab, bookmark and history entry names the page first, then the product.
export const PRODUCT_NAME = "Real-Time Services";

export function documentTitle(page: string): string {
  return page === PRODUCT_NAME ? PRODUCT_NAME : `${page} · ${PRODUCT_NAME}`;
}
